"""The inbound webhook address: parsing, method URLs, and a form safe to print."""

from __future__ import annotations

import re
from dataclasses import dataclass

from yarl import URL

# `https://{portal}/rest/{USER_ID}/{SECRET}/…`; anything after the secret (an example method that
# the portal's UI shows next to the address, `.json`, a slash) is dropped.
_WEBHOOK_RE = re.compile(
    r"^(?P<origin>https?://[^/?#\s]+)(?P<prefix>/(?:[^/?#\s]+/)*?)rest/"
    r"(?P<user_id>\d+)/(?P<secret>[^/?#\s]+)(?:[/?#].*)?$"
)


class InvalidWebhookUrl(ValueError):
    """The address is not shaped like a Bitrix24 inbound webhook (the message never quotes it)."""


@dataclass(frozen=True, slots=True)
class Webhook:
    origin: str  # scheme://host[:port]
    prefix: str  # path before `rest/`, normally "/"
    user_id: str
    secret: str

    @classmethod
    def parse(cls, url: str) -> Webhook:
        match = _WEBHOOK_RE.match(url.strip())
        if match is None:
            raise InvalidWebhookUrl("expected https://<portal>/rest/<user id>/<secret>/")
        return cls(
            origin=match["origin"],
            prefix=match["prefix"],
            user_id=match["user_id"],
            secret=match["secret"],
        )

    @property
    def base(self) -> str:
        return f"{self.origin}{self.prefix}rest/{self.user_id}/{self.secret}/"

    @property
    def host(self) -> str:
        return URL(self.origin).host or ""

    @property
    def redacted(self) -> str:
        return f"{self.origin}{self.prefix}rest/{self.user_id}/***/"

    def method_url(self, method: str) -> str:
        return self.base + method

    def redact(self, text: str) -> str:
        """Text (an exception message, say) with the secret masked."""
        return text.replace(self.secret, "***")

    def moved_to(self, location: str, current_url: str) -> Webhook:
        """The webhook after the portal answered a call with a redirect to `location`.

        The portal's domain change (contract §1) keeps the path, so normally only the origin
        changes; if the new path still carries `/rest/<id>/<secret>/` we take it whole.
        """
        target = URL(current_url).join(URL(location))
        if target.scheme not in ("http", "https") or not target.host:
            raise InvalidWebhookUrl("redirect target is not an http(s) address")
        if URL(self.origin).scheme == "https" and target.scheme != "https":
            # Never send the secret in clear text because a server told us to.
            raise InvalidWebhookUrl("refusing a redirect from https to http")
        try:
            moved = Webhook.parse(str(target))
        except InvalidWebhookUrl:
            moved = None
        if moved is None or moved.user_id != self.user_id:
            origin = str(target.origin())
            return Webhook(
                origin=origin, prefix=self.prefix, user_id=self.user_id, secret=self.secret
            )
        return moved
