from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from crystal_learning.audit import ACTIONS, EXPORT, ExportFormatter


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    for action, (label, message) in ACTIONS.items():
        if action == EXPORT:
            actions.register_action(EXPORT)(ExportFormatter)
        else:
            actions.register_action(action, label, message)


@hooks.register("insert_editor_js")
def rich_text_editor_names():
    return format_html(
        '<script src="{}" defer></script>',
        static("crystal_learning/js/admin-rich-text-names.js"),
    )
