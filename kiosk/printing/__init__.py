"""Layout of everything the kiosk prints (tickets, receipts, guides, result slips, the test page), and the
print service that records each job. Templates are imported from kiosk.printing.templates."""
