"""Running a task over a stream of works: in local worker processes, or on a
Dask distributed cluster. Both yield results as works finish, keep a bounded
number of works in flight (the stream is consumed lazily, so memory stays
flat however large the corpus), and turn the death of a worker into an error
for the work that killed it rather than the end of the run.

Local: a `ProcessPoolExecutor` in the forkserver start method (a worker is a
fresh process with fabula imported once, and the parent's threads are never
forked); a worker ends itself when the process that started it is gone,
even by SIGKILL. A worker that dies (a segfault, `os._exit`, the kernel's OOM killer)
breaks the pool and fails every work in flight; those works are then run one
at a time in a new pool, so the one that kills its worker again is recorded
as failed and the others succeed.

Dask: `distributed` is imported only here, and only when a cluster is asked
for. The scheduler already moves a work whose worker died to another worker
and gives up after a few deaths (`KilledWorker`), which becomes the work's
error.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator

from ..errors import FabulaError
from .sources import Work
from .tables import WorkResult

Task = Callable[[Work], WorkResult]
WORKER_DIED = "worker process died while analysing this work (crash or out of memory)"


def _start_worker(parent: int) -> None:
    # Ctrl-C reaches the whole process group; the parent alone decides what
    # to do with it (commit what is finished, then stop).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    # A pool worker waits on a pipe it holds both ends of, so when the parent
    # is killed outright (SIGKILL, OOM) nothing ends it: it would idle forever
    # and keep the forkserver, and any pipe the run's output went to, open.
    while True:
        time.sleep(1)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # alive, under another user
            pass


def _new_pool(workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["fabula.corpus.tables"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                               initargs=(os.getpid(),))


def run_local(task: Task, works: Iterable[Work], workers: int, window: int | None = None) -> Iterator[WorkResult]:
    """Yield `task(work)` for every work, computed in `workers` processes."""
    window = window or workers * 4
    works = iter(works)
    suspects: deque[Work] = deque()  # in flight when a worker died: each is retried alone
    alone: Work | None = None  # the suspect running by itself, whose death is its own
    in_flight: dict = {}
    pool = _new_pool(workers)
    try:
        while True:
            if suspects or alone is not None:
                if alone is None:
                    alone = suspects.popleft()
                    in_flight[pool.submit(task, alone)] = alone
            else:
                while len(in_flight) < window and (work := next(works, None)) is not None:
                    in_flight[pool.submit(task, work)] = work
            if not in_flight:
                return
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                work = in_flight.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    broken = True
                    suspects.append(work)
                    continue
                except Exception as exc:  # noqa: BLE001 - e.g. a result that failed to pickle
                    result = WorkResult.failure(work, f"internal error: {type(exc).__name__}: {exc}")
                if work is alone:
                    alone = None
                yield result
            if broken:
                suspects.extend(in_flight.values())  # the rest of the pool's works failed with it
                in_flight.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _new_pool(workers)
                if alone is not None:
                    suspects.remove(alone)
                    yield WorkResult.failure(alone, WORKER_DIED)
                    alone = None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def connect_dask(address: str):
    """A `distributed.Client` for the scheduler at `address` (close it when done)."""
    try:
        from distributed import Client
        from distributed.comm import parse_address
        from distributed.comm.registry import get_backend
    except ImportError:
        raise FabulaError("--cluster needs Dask: pip install 'fabula[corpus]'") from None
    try:
        # Checked before a Client exists: a half-made Client complains at exit.
        get_backend(parse_address(address)[0])
    except ValueError as exc:
        raise FabulaError(f"{address}: not a Dask scheduler address ({exc})") from None
    try:
        return Client(address, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise FabulaError(f"{address}: cannot reach the Dask scheduler ({exc})") from None


def run_dask(task: Task, works: Iterable[Work], client, window: int | None = None) -> Iterator[WorkResult]:
    """Yield `task(work)` for every work, computed on the cluster `client` is connected to."""
    from distributed import as_completed

    works = iter(works)
    window = window or max(4, 4 * sum(client.nthreads().values()))
    submitted: dict = {}
    pending = as_completed(loop=client.loop)

    def submit_next() -> None:
        work = next(works, None)
        if work is not None:
            future = client.submit(task, work, pure=False)
            submitted[future.key] = work
            pending.add(future)

    try:
        for _ in range(window):
            submit_next()
        for future in pending:
            work = submitted.pop(future.key)
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - KilledWorker, a lost connection: the work failed
                result = WorkResult.failure(work, f"Dask: {type(exc).__name__}: {exc}")
            future.release()
            yield result
            submit_next()
    finally:
        for future in list(pending.futures):
            future.cancel()
