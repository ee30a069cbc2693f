"""One router per app. Each module exposes ``router``; ``renda.api.api`` mounts them."""
