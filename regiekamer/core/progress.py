"""Progress on a command's stderr: the tqdm stream every command line uses, and a bar fed by progress(done, total, unit)."""

from contextlib import contextmanager
from typing import Any, Iterator

from tqdm import tqdm


class TqdmStream:
    """Lets tqdm draw on the command's stderr without OutputWrapper adding a newline per redraw."""

    def __init__(self, wrapper: Any) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")

    def flush(self) -> None:
        self.wrapper.flush()


@contextmanager
def progress_bar(command: Any, description: str, verbosity: int) -> Iterator[Any]:
    with tqdm(desc=description, file=TqdmStream(command.stderr), mininterval=0.5, disable=verbosity == 0) as bar:
        def update(done: int, total: int, unit: str) -> None:
            bar.total, bar.unit = total, f" {unit}"
            bar.update(done - bar.n)

        yield update
