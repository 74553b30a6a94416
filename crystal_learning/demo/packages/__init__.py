"""The demo's own packages: a "record boxes" exercise as cmi5 and as SCORM 2004."""
