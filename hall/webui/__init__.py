"""The hall's web pages for window staff and supervisors (docs/hall-web.md): sign-in with a staff or supervisor
token exchanged for a session cookie, server-rendered pages (Jinja2, escaped by default) with CSRF-checked forms,
and the modules that add the workbench, supervision, statistics, hotline and queue pages."""
