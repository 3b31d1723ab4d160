"""The songwriting chat: route a message to an action and stream the reply.

    state = ChatState(model="fake")
    for piece in handle("rhymes for night", state): ...
"""

from songwriter.chat.handlers import handle, reply
from songwriter.chat.router import Route, route
from songwriter.chat.state import ChatState

__all__ = ["handle", "reply", "route", "Route", "ChatState"]
