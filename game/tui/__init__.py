"""The Textual front end. It draws what the engine says and passes the player's picks back to it."""
