from wagtail import hooks

from crystal_learning.audit import ACTIONS, EXPORT, ExportFormatter


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    for action, (label, message) in ACTIONS.items():
        if action == EXPORT:
            actions.register_action(EXPORT)(ExportFormatter)
        else:
            actions.register_action(action, label, message)
