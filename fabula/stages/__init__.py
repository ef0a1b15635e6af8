"""The analysis stages. Each module has one public function that takes the
text (and the spans earlier stages found) and returns new spans; the order in
which they run lives in `fabula.pipeline`."""
