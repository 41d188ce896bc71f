# Voila configuration for `make app` (JUPYTER_CONFIG_PATH points here): the landing page lists
# the lessons by title (helpers.classroom), not by notebook file name.
from helpers import classroom

c.VoilaConfiguration.page_config_hook = classroom.page_config_hook  # noqa: F821 (traitlets' c)
