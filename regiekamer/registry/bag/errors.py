"""The one error a BAG import raises for bad input: it names the file and the line."""


class BagImportError(Exception):
    """A BAG file that cannot be imported; nothing of the import is stored."""

    def __init__(self, *, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}, regel {line}" if line is not None else file
        super().__init__(f"{where}: {message}")
