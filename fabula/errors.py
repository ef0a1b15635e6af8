"""The one exception fabula raises for input it cannot read.

The CLI prints it as a single line and exits non-zero; library users catch
`FabulaError`. The message always names the input and the problem.
"""


class FabulaError(Exception):
    pass


class InputError(FabulaError):
    def __init__(self, name: str, problem: str):
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem
