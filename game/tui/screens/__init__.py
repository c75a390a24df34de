"""The game's screens: title, play, journal, ending, settings, help, confirmations and errors."""
