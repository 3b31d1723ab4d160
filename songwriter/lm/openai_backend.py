"""OpenAI-compatible HTTP backend (vLLM, llama.cpp server, Ollama) over httpx, with time-outs."""

import json
import os
from typing import Iterator

from songwriter.errors import BackendError, BadInput
from songwriter.lm import Backend, GenerateOptions, as_messages, cut_at_stop


class OpenAIBackend(Backend):
    """Talks /v1/chat/completions. No logits here, so the constrained writer uses its
    candidate-and-check fallback with this backend."""

    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout: float = 30.0):
        if not base_url.startswith(("http://", "https://")):
            raise BadInput(f"server URL must start with http:// or https://: {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.model_id = model or "default"
        self.api_key = api_key if api_key is not None else os.environ.get("SONGWRITER_API_KEY")
        self.timeout = timeout

    @classmethod
    def from_spec(cls, spec: str, timeout: float | None = None) -> "OpenAIBackend":
        """From "openai:BASE_URL#MODEL"."""
        rest = spec[len("openai:"):]
        url, _, model = rest.partition("#")
        t = timeout if timeout is not None else float(os.environ.get("SONGWRITER_TIMEOUT", "30"))
        return cls(url, model, timeout=t)

    def _post(self, body: dict):
        import httpx

        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        client = httpx.Client(timeout=httpx.Timeout(self.timeout, connect=min(5.0, self.timeout)))
        try:
            request = client.build_request("POST", f"{self.base_url}/chat/completions", json=body,
                                           headers=headers)
            response = client.send(request, stream=True)
        except httpx.ConnectError:
            client.close()
            raise BackendError(f"model server at {self.base_url} is not answering (is it running?)")
        except httpx.TimeoutException:
            client.close()
            raise BackendError(f"model server at {self.base_url} timed out after {self.timeout:g} s")
        except httpx.HTTPError as exc:
            client.close()
            raise BackendError(f"model server at {self.base_url}: {exc}")
        if response.status_code != 200:
            response.read()
            client.close()
            raise BackendError(f"model server answered {response.status_code}: {response.text[:200]}")
        return client, response

    def _body(self, prompt, opts: GenerateOptions, stream: bool, n: int = 1) -> dict:
        body = {"model": self.model_id, "messages": as_messages(prompt), "max_tokens": opts.max_tokens,
                "temperature": opts.temperature, "top_p": opts.top_p, "seed": opts.seed, "stream": stream}
        if opts.stop:
            body["stop"] = opts.stop
        if n > 1:
            body["n"] = n
        return body

    def generate_many(self, prompt, opts: GenerateOptions | None = None, n: int = 1) -> list[str]:
        """``n`` sampled replies in one request (servers that ignore ``n`` give fewer)."""
        import httpx

        opts = opts or GenerateOptions()
        client, response = self._post(self._body(prompt, opts, stream=False, n=n))
        try:
            data = json.loads(response.read())
            return [cut_at_stop(c["message"]["content"] or "", opts.stop) for c in data["choices"]]
        except httpx.TimeoutException:
            raise BackendError(f"model server at {self.base_url} timed out after {self.timeout:g} s")
        except (KeyError, TypeError, ValueError) as exc:
            raise BackendError(f"model server sent an unexpected reply: {exc}")
        finally:
            client.close()

    def generate(self, prompt, opts: GenerateOptions | None = None) -> str:
        return self.generate_many(prompt, opts, 1)[0]

    def stream(self, prompt, opts: GenerateOptions | None = None) -> Iterator[str]:
        import httpx

        opts = opts or GenerateOptions()
        client, response = self._post(self._body(prompt, opts, stream=True))
        try:
            for line in response.iter_lines():
                if not line.startswith("data:"):
                    continue
                payload = line[5:].strip()
                if payload == "[DONE]":
                    break
                try:
                    delta = json.loads(payload)["choices"][0].get("delta", {}).get("content") or ""
                except (KeyError, IndexError, ValueError) as exc:
                    raise BackendError(f"model server sent an unexpected stream chunk: {exc}")
                if delta:
                    yield delta
        except httpx.TimeoutException:
            raise BackendError(f"model server at {self.base_url} timed out after {self.timeout:g} s")
        finally:
            response.close()
            client.close()
