from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CocreationConfig(AppConfig):
    name = "kosilab.cocreation"
    label = "cocreation"
    verbose_name = _("Ideas and comments")

    def ready(self) -> None:
        from kosilab.cocreation.models import Idea
        from kosilab.core.permissions import register_media_folder

        # Idea images are served at MEDIA_URL to whoever may see the idea (kosilab.core.views.media).
        register_media_folder("ideas/", Idea.objects.all, field="image", view_perm="cocreation.view_idea")
