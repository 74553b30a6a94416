"""Packaged learning (cmi5, SCORM 1.2 and 2004, Tin Can) hosted as Wagtail pages."""
