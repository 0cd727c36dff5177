"""Uploads of large files (a BAG extract, an exchange delivery): refused while they arrive, not after."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops receiving a file as soon as it exceeds the limit, so an oversized upload never fills the disk.

    The rest of the request body is read and discarded (connection_reset=False), so that the
    browser gets the page with the message instead of a broken connection.
    """

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit, self.received, self.exceeded = limit, 0, None

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = self.file_name or ""
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None
