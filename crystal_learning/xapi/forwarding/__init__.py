"""Forwarding the learning record to external LRSs.

- models.py: the endpoints and the outbox (one Delivery per statement and endpoint).
- outbox.py: what the recording pipeline calls, in its transaction, to queue
  deliveries for the statements it stored.
- delivery.py: the background job that drains the outbox (retries, dead
  letters, pausing an endpoint), and the administrator's actions on it.
"""
