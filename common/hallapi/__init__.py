"""The hall's HTTP contract, version 1: every request and response body of ``/api/v1``, as pydantic models.

The hall's routes (hall/*_api.py) declare them, so the OpenAPI spec is generated from them; the kiosk's hall
client (kiosk/hallclient) builds its requests from them and reads the hall's answers into them. Kiosks of other
versions depend on these shapes: a change here is a change of the API (docs/hall.md).

Modules by area: ``base`` (errors, health), ``queue`` (tickets, windows, the queue snapshot), ``appointments``,
``ratings``, ``fleet`` (device reports), ``catalog`` (the service guide) and ``forms`` (a guide item's form).
"""
