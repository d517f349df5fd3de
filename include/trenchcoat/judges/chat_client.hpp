#pragma once
// A client for OpenAI-compatible chat-completions endpoints (OpenAI, vLLM, llama.cpp's llama-server,
// ...) over libcurl, made for judges: many independent requests, sent a bounded number at a time,
// with timeouts and retries. Request fields and the logprob shape follow the OpenAI chat-completions API;
// the servers' differences are those of vLLM and llama.cpp's llama-server.
//
// Request: POST {url}/chat/completions, where `url` is given up to the API version ("http://host:8000/v1";
// a trailing '/' is ignored), with a JSON body {model, messages, temperature, max_tokens} and, when
// top_logprobs > 0, {logprobs: true, top_logprobs: N}. Header `Authorization: Bearer KEY` when an API
// key is given (ChatClientOptions::api_key; api_key_from_environment reads it from a variable), none
// otherwise. The body is built by request_body() with sorted keys, so the same request always has the
// same text; cache_key() is "POST {endpoint}\n" followed by that text (never the API key).
//
// Outcome of one request (post):
//   - 2xx with a JSON object that has a non-empty `choices` array: ok; `body` is the raw text.
//   - 2xx with anything else (not JSON, no choices, an `error` object): failed ("malformed response"),
//     not retried (a server that answers so does it again).
//   - 408, 409, 429 and every 5xx, and transport errors (connection refused or reset, timeout, empty
//     reply): retried up to `retries` times. The wait before retry k (1-based) is the server's
//     Retry-After (seconds, or an HTTP date) when it sends one, capped at max_retry_after_seconds;
//     otherwise min(max_backoff_seconds, initial_backoff_seconds * 2^(k-1)) times a random factor in
//     [0.75, 1] (jitter, so that parallel clients do not retry in lockstep). When the retries are
//     used up: failed, with the last error.
//   - 401, 403 and 404 (bad key, no access, wrong url or model), a url curl cannot use, and a server
//     that still cannot be connected to (refused, unknown host) when the retries are used up: fatal.
//     Every request would fail the same way, so send_all starts no further requests.
//   - Other 4xx (e.g. 400 for a prompt longer than the context): failed, not retried.
// Error messages are one line: "HTTP 500 after 3 attempts: <the server's error.message or the start
// of its body>", "timed out after 30 s (2 attempts)", "malformed response (not JSON): {\"cho...".
//
// Concurrency: send_all runs at most `concurrency` requests at once, on that many worker threads, each
// with its own curl handle (connections are kept alive between requests). Results are handed to the
// callback one at a time, as each request finishes, so the callback needs no locking of its own.
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace trenchcoat::judges {

struct ChatMessage {
  std::string role;  // "system", "user", "assistant"
  std::string content;
};

struct ChatRequest {
  std::vector<ChatMessage> messages;
  double temperature = 0.0;
  int max_tokens = 1024;  // 0: the field is left out (the server's default applies)
  int top_logprobs = 0;   // 0: no logprobs; 1..20: logprobs true and this many alternatives per token
};

struct ChatClientOptions {
  std::string url;  // up to the API version, e.g. "http://127.0.0.1:8000/v1"
  std::string model;
  std::string api_key;             // empty: no Authorization header
  double timeout_seconds = 120.0;  // whole request, connection included
  int retries = 4;                 // further attempts after the first
  double initial_backoff_seconds = 1.0;
  double max_backoff_seconds = 60.0;
  double max_retry_after_seconds = 300.0;
  std::size_t concurrency = 8;  // at least 1
};

enum class ChatStatus { ok, failed, fatal };

struct ChatResponse {
  ChatStatus status = ChatStatus::failed;
  std::string body;      // the raw response text (also when not ok, for diagnostics)
  long http_status = 0;  // 0 when no HTTP answer came
  int attempts = 0;
  std::string error;  // one line, empty when ok
};

// The value of environment variable `name`; empty when it is unset.
std::string api_key_from_environment(const std::string& name);

class ChatClient {
 public:
  // Throws trenchcoat::Error for an empty url or model, or concurrency 0, or top_logprobs out of range.
  explicit ChatClient(ChatClientOptions options);

  const ChatClientOptions& options() const { return options_; }
  // {url}/chat/completions
  const std::string& endpoint() const { return endpoint_; }

  // The JSON text POSTed for `request` (keys sorted, no insignificant whitespace).
  std::string request_body(const ChatRequest& request) const;
  // The text that identifies `request` sent to this endpoint, for ResponseCache:
  // "POST " + endpoint() + "\n" + request_body(request).
  std::string cache_key(const ChatRequest& request) const;
  // The request body inside a cache_key() text.
  static std::string body_of_cache_key(const std::string& key);

  // Sends one body (a request_body() text), with retries. Never throws for network or server trouble.
  ChatResponse post(const std::string& body) const;

  // Sends every body, at most options().concurrency at a time. on_done(index, response) is called
  // once per body that was sent, as it finishes, never two calls at once. If on_done returns false,
  // or a response is fatal, no further bodies are started (those running are finished and reported);
  // bodies never started get no call. An exception from on_done stops the run likewise and is
  // rethrown once the workers have stopped.
  void send_all(std::span<const std::string> bodies,
                const std::function<bool(std::size_t, const ChatResponse&)>& on_done) const;

 private:
  ChatClientOptions options_;
  std::string endpoint_;
};

}  // namespace trenchcoat::judges
