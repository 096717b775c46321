"""The on-screen keyboard of the kiosk's text fields: pinyin with candidates, letters, digits, the number pad."""
