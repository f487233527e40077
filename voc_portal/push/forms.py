from django import forms

from .models import PushKind


class NotificationKindsForm(forms.Form):
    """One checkbox per kind of push (Settings > Push notifications)."""

    def __init__(self, *args, kinds: dict[str, bool], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in PushKind.choices:
            self.fields[kind] = forms.BooleanField(
                label=label, required=False, initial=kinds.get(kind, True)
            )

    def kinds(self) -> dict[str, bool]:
        return {kind: bool(self.cleaned_data.get(kind)) for kind in PushKind.values}
