"""The one exception a user of the package sees for bad input."""


class InputError(ValueError):
    """Bad input, named by the field a practitioner filled in.

    ``field`` is the input key (``relevant_date``, ``stays[1].end``); the message is
    written for the person at the form, not for a developer.
    """

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message

    def to_dict(self) -> dict:
        return {"error": {"field": self.field, "message": self.message}}
