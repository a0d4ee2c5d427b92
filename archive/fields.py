"""An image field whose every new file is checked and re-encoded by `clean_image()`.

In a form (the admin), a refused file is a field error with `clean_image()`'s
message, and the rest of the form is kept. Outside forms (a script, the shell),
saving a model with a new file cleans it too, and raises the same
`ValidationError` if it is refused: nothing reaches the media folder unclean.
"""

from django import forms
from django.db import models

from .uploads import ACCEPT, CleanedImage, clean_image

IMAGE_HELP = (
    "A JPEG, PNG, WebP or GIF of at most 10 MB and 40 megapixels. It is saved again "
    "without its metadata (camera, GPS position)."
)


class CleanImageFormField(forms.ImageField):
    """Replaces `forms.ImageField`'s check (which opens the image with Pillow's defaults
    and answers any problem with one vague message) with `clean_image()`."""

    def __init__(self, *args, max_size=None, **kwargs):
        self.max_size = max_size
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None or isinstance(upload, CleanedImage):
            return upload
        return clean_image(upload, max_size=self.max_size)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT
        return attrs


class CleanImageField(models.ImageField):
    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CleanImageFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed and not isinstance(file.file, CleanedImage):
            cleaned = clean_image(file.file)
            file.file, file.name = cleaned, cleaned.name
        return super().pre_save(model_instance, add)
