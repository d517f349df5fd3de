#include "trenchcoat/judges/chat_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <thread>

#include "trenchcoat/error.hpp"

namespace trenchcoat::judges {
namespace {

constexpr std::size_t kMaxResponseBytes = 64u << 20;

void initialise_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw Error("cannot initialise libcurl");
  });
}

// A stop flag that sleeping workers can be woken from.
class Stopper {
 public:
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    cv_.notify_all();
  }
  bool stopped() const {
    std::lock_guard lock(mutex_);
    return stopped_;
  }
  // Sleeps `seconds` unless stopped first; returns false when stopped.
  bool sleep_for(double seconds) {
    std::unique_lock lock(mutex_);
    return !cv_.wait_for(lock, std::chrono::duration<double>(std::max(0.0, seconds)), [&] { return stopped_; });
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  bool stopped_ = false;
};

std::string one_line(std::string_view text, std::size_t limit = 200) {
  std::string out;
  for (char c : text.substr(0, limit)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  if (text.size() > limit) out += "...";
  return out;
}

// What a server says went wrong: error.message, error (a string), message, or the start of the body.
std::string server_message(const std::string& body) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_object()) {
    if (const auto e = j.find("error"); e != j.end()) {
      if (e->is_string()) return one_line(e->get<std::string>());
      if (e->is_object())
        if (const auto m = e->find("message"); m != e->end() && m->is_string()) return one_line(m->get<std::string>());
    }
    if (const auto m = j.find("message"); m != j.end() && m->is_string()) return one_line(m->get<std::string>());
  }
  if (body.empty()) return "empty body";
  return one_line(body);
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

bool iequals_prefix(std::string_view line, std::string_view name) {
  if (line.size() < name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  return true;
}

// Seconds to wait from a Retry-After value: a number of seconds, or an HTTP date.
std::optional<double> parse_retry_after(const std::string& value) {
  if (value.empty()) return std::nullopt;
  char* end = nullptr;
  const double seconds = std::strtod(value.c_str(), &end);
  if (end && *end == '\0' && std::isfinite(seconds)) return std::max(0.0, seconds);
  const time_t when = curl_getdate(value.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  return std::max(0.0, std::difftime(when, std::time(nullptr)));
}

// One curl easy handle with the options every request shares, reused for keep-alive.
class Connection {
 public:
  Connection(const ChatClientOptions& options, const std::string& endpoint) {
    curl_ = curl_easy_init();
    if (!curl_) throw Error("cannot create a libcurl handle");
    headers_ = curl_slist_append(headers_, "Content-Type: application/json");
    headers_ = curl_slist_append(headers_, "Expect:");
    if (!options.api_key.empty())
      headers_ = curl_slist_append(headers_, ("Authorization: Bearer " + options.api_key).c_str());
    const long timeout_ms = std::max(1L, std::lround(options.timeout_seconds * 1000.0));
    curl_easy_setopt(curl_, CURLOPT_URL, endpoint.c_str());
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(curl_, CURLOPT_POST, 1L);
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl_easy_setopt(curl_, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error_buffer_);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &Connection::on_body);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, &Connection::on_header);
    curl_easy_setopt(curl_, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(curl_, CURLOPT_USERAGENT, "trenchcoat-judge");
  }
  ~Connection() {
    curl_easy_cleanup(curl_);
    curl_slist_free_all(headers_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  struct Attempt {
    CURLcode code = CURLE_OK;
    long http_status = 0;
    std::string body;
    std::optional<double> retry_after;
    bool too_large = false;
    std::string curl_error;
  };

  Attempt perform(const std::string& body) {
    body_.clear();
    retry_after_.clear();
    retry_after_ms_.clear();
    too_large_ = false;
    error_buffer_[0] = '\0';
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    Attempt a;
    a.code = curl_easy_perform(curl_);
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &a.http_status);
    a.body = std::move(body_);
    a.too_large = too_large_;
    if (!retry_after_ms_.empty())
      if (auto ms = parse_retry_after(retry_after_ms_)) a.retry_after = *ms / 1000.0;
    if (!a.retry_after) a.retry_after = parse_retry_after(retry_after_);
    a.curl_error = error_buffer_[0] ? std::string(error_buffer_) : std::string(curl_easy_strerror(a.code));
    return a;
  }

 private:
  static size_t on_body(char* data, size_t size, size_t count, void* self_ptr) {
    auto* self = static_cast<Connection*>(self_ptr);
    const size_t n = size * count;
    if (self->body_.size() + n > kMaxResponseBytes) {
      self->too_large_ = true;
      return 0;  // aborts the transfer
    }
    self->body_.append(data, n);
    return n;
  }
  static size_t on_header(char* data, size_t size, size_t count, void* self_ptr) {
    auto* self = static_cast<Connection*>(self_ptr);
    const std::string_view line(data, size * count);
    if (line.starts_with("HTTP/")) {  // a new response (after a redirect or 100 Continue)
      self->retry_after_.clear();
      self->retry_after_ms_.clear();
    } else if (iequals_prefix(line, "retry-after-ms:")) {
      self->retry_after_ms_ = trim(line.substr(15));
    } else if (iequals_prefix(line, "retry-after:")) {
      self->retry_after_ = trim(line.substr(12));
    }
    return size * count;
  }

  CURL* curl_ = nullptr;
  curl_slist* headers_ = nullptr;
  char error_buffer_[CURL_ERROR_SIZE] = {};
  std::string body_;
  std::string retry_after_;
  std::string retry_after_ms_;
  bool too_large_ = false;
};

enum class Verdict { ok, retry, fail, fatal };

double jitter_factor() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return 1.0 - 0.25 * std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

std::string attempts_text(int attempts) {
  return std::to_string(attempts) + (attempts == 1 ? " attempt" : " attempts");
}

std::string seconds_text(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", seconds);
  return buffer;
}

ChatResponse perform_with_retries(Connection& connection, const std::string& body, const ChatClientOptions& options,
                                  Stopper& stopper) {
  ChatResponse response;
  for (int attempt = 1;; ++attempt) {
    Connection::Attempt a = connection.perform(body);
    response.attempts = attempt;
    response.http_status = a.code == CURLE_OK ? a.http_status : 0;
    response.body = std::move(a.body);
    Verdict verdict = Verdict::fail;
    bool unreachable = false;
    if (a.code != CURLE_OK) {
      if (a.too_large) {
        response.error = "response larger than " + std::to_string(kMaxResponseBytes >> 20) + " MiB";
        verdict = Verdict::fail;
      } else if (a.code == CURLE_URL_MALFORMAT || a.code == CURLE_UNSUPPORTED_PROTOCOL) {
        response.error = "cannot use url '" + options.url + "': " + a.curl_error;
        verdict = Verdict::fatal;
      } else if (a.code == CURLE_OPERATION_TIMEDOUT) {
        response.error = "timed out after " + seconds_text(options.timeout_seconds) + " s";
        verdict = Verdict::retry;
      } else {
        response.error = one_line(a.curl_error);
        verdict = Verdict::retry;
        unreachable = a.code == CURLE_COULDNT_CONNECT || a.code == CURLE_COULDNT_RESOLVE_HOST ||
                      a.code == CURLE_COULDNT_RESOLVE_PROXY;
      }
    } else if (a.http_status >= 200 && a.http_status < 300) {
      const auto j = nlohmann::json::parse(response.body, nullptr, false);
      if (j.is_discarded()) {
        response.error = "malformed response (not JSON): " + one_line(response.body, 60);
      } else if (j.is_object() && j.contains("error") && !j["error"].is_null()) {
        response.error = "error response: " + server_message(response.body);
      } else if (!j.is_object() || !j.contains("choices") || !j["choices"].is_array() || j["choices"].empty()) {
        response.error = "malformed response (no choices): " + one_line(response.body, 60);
      } else {
        response.status = ChatStatus::ok;
        response.error.clear();
        return response;
      }
      verdict = Verdict::fail;
    } else {
      const long s = a.http_status;
      response.error = "HTTP " + std::to_string(s) + ": " + server_message(response.body);
      if (s == 408 || s == 409 || s == 429 || s >= 500) verdict = Verdict::retry;
      else if (s == 401 || s == 403 || s == 404) verdict = Verdict::fatal;
      else verdict = Verdict::fail;
    }

    if (verdict == Verdict::retry && attempt <= options.retries && !stopper.stopped()) {
      double wait = 0.0;
      if (a.retry_after) {
        wait = std::min(*a.retry_after, options.max_retry_after_seconds);
      } else {
        wait = std::min(options.max_backoff_seconds, options.initial_backoff_seconds * std::pow(2.0, attempt - 1)) *
               jitter_factor();
      }
      if (stopper.sleep_for(wait)) continue;
    }
    // A server still unreachable after every retry is down: every other request would wait as long.
    response.status = (verdict == Verdict::fatal || unreachable) ? ChatStatus::fatal : ChatStatus::failed;
    if (verdict == Verdict::retry || attempt > 1) {
      // "HTTP 500: ..." -> "HTTP 500 after 3 attempts: ..."; "timed out ..." -> "timed out ... (3 attempts)"
      const auto colon = response.error.find(':');
      if (response.error.starts_with("HTTP ") && colon != std::string::npos)
        response.error.insert(colon, " after " + attempts_text(attempt));
      else response.error += " (" + attempts_text(attempt) + ")";
    }
    return response;
  }
}

}  // namespace

std::string api_key_from_environment(const std::string& name) {
  if (name.empty()) return {};
  const char* value = std::getenv(name.c_str());
  return value ? std::string(value) : std::string();
}

ChatClient::ChatClient(ChatClientOptions options) : options_(std::move(options)) {
  if (options_.url.empty()) throw Error("judge: no url given (e.g. url=http://127.0.0.1:8000/v1)");
  if (options_.model.empty()) throw Error("judge: no model given");
  if (options_.concurrency == 0) throw Error("judge: concurrency must be at least 1");
  if (!(options_.timeout_seconds > 0)) throw Error("judge: timeout must be a positive number of seconds");
  if (options_.retries < 0) throw Error("judge: retries must be 0 or more");
  std::string base = options_.url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  endpoint_ = base + "/chat/completions";
  initialise_curl_once();
}

std::string ChatClient::request_body(const ChatRequest& request) const {
  if (request.top_logprobs < 0 || request.top_logprobs > 20)
    throw Error("judge: top_logprobs must be between 0 and 20 (OpenAI's range), not " +
                std::to_string(request.top_logprobs));
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& m : request.messages) messages.push_back({{"role", m.role}, {"content", m.content}});
  nlohmann::json body = {
      {"model", options_.model}, {"messages", std::move(messages)}, {"temperature", request.temperature}};
  if (request.max_tokens > 0) body["max_tokens"] = request.max_tokens;
  if (request.top_logprobs > 0) {
    body["logprobs"] = true;
    body["top_logprobs"] = request.top_logprobs;
  }
  // Invalid UTF-8 in a text is replaced (U+FFFD) rather than thrown on: the request still says what it can.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ChatClient::cache_key(const ChatRequest& request) const {
  return "POST " + endpoint_ + "\n" + request_body(request);
}

std::string ChatClient::body_of_cache_key(const std::string& key) {
  const std::size_t newline = key.find('\n');
  return newline == std::string::npos ? std::string() : key.substr(newline + 1);
}

ChatResponse ChatClient::post(const std::string& body) const {
  Connection connection(options_, endpoint_);
  Stopper never;
  return perform_with_retries(connection, body, options_, never);
}

void ChatClient::send_all(std::span<const std::string> bodies,
                          const std::function<bool(std::size_t, const ChatResponse&)>& on_done) const {
  if (bodies.empty()) return;
  std::atomic<std::size_t> next{0};
  std::mutex done_mutex;
  std::exception_ptr error;
  Stopper stopper;

  auto worker = [&] {
    try {
      Connection connection(options_, endpoint_);
      while (!stopper.stopped()) {
        const std::size_t i = next.fetch_add(1);
        if (i >= bodies.size()) break;
        const ChatResponse response = perform_with_retries(connection, bodies[i], options_, stopper);
        std::lock_guard lock(done_mutex);
        if (error) break;
        const bool go_on = on_done(i, response);
        if (!go_on || response.status == ChatStatus::fatal) stopper.stop();
      }
    } catch (...) {
      std::lock_guard lock(done_mutex);
      if (!error) error = std::current_exception();
      stopper.stop();
    }
  };

  const std::size_t n_threads = std::min(options_.concurrency, bodies.size());
  std::vector<std::thread> threads;
  threads.reserve(n_threads - 1);
  try {
    for (std::size_t t = 1; t < n_threads; ++t) threads.emplace_back(worker);
  } catch (...) {
    stopper.stop();
    for (auto& t : threads) t.join();
    throw;
  }
  worker();  // the calling thread is one of the workers
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace trenchcoat::judges
