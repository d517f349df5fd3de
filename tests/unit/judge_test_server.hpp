#pragma once
// A scripted OpenAI-compatible chat-completions server on 127.0.0.1 (an ephemeral port), for the judge
// tests: cpp-httplib in a background thread; every POST to /v1/chat/completions is counted and handed
// to the test's handler, which writes the answer. Used by chat_client_test, llm_judge_test.
#include <httplib.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace trenchcoat::testing {

struct JudgeCall {
  nlohmann::json body;        // the parsed request body (null if it was not JSON)
  std::string raw;            // the request body as sent
  int attempt = 1;            // how many times this exact body has arrived, this one included
  std::size_t index = 0;      // 1-based arrival number over all requests
  std::string authorization;  // the Authorization header, "" when absent
  std::chrono::steady_clock::time_point arrived;
};

// A chat-completions answer whose message content is `content`; with `logprobs` as
// choices[0].logprobs.content when given.
inline std::string completion_json(const std::string& content, const nlohmann::json& logprobs = nullptr) {
  nlohmann::json choice = {
      {"index", 0}, {"message", {{"role", "assistant"}, {"content", content}}}, {"finish_reason", "stop"}};
  if (!logprobs.is_null()) choice["logprobs"] = {{"content", logprobs}};
  return nlohmann::json{{"id", "chatcmpl-test"},
                        {"object", "chat.completion"},
                        {"model", "test-judge"},
                        {"choices", nlohmann::json::array({choice})}}
      .dump();
}

// The text of the last message of a request (the user message of a judge prompt).
inline std::string last_message(const nlohmann::json& body) {
  if (!body.is_object() || !body.contains("messages") || body["messages"].empty()) return {};
  return body["messages"].back().value("content", std::string());
}

class JudgeTestServer {
 public:
  using Handler = std::function<void(const JudgeCall&, httplib::Response&)>;

  explicit JudgeTestServer(Handler handler) : handler_(std::move(handler)) {
    std::signal(SIGPIPE, SIG_IGN);  // a killed client must not take the test program with it
    for (const char* name : {"http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"}) ::unsetenv(name);
    server_.new_task_queue = [] { return new httplib::ThreadPool(32); };
    server_.set_keep_alive_timeout(1);
    server_.Post("/v1/chat/completions", [this](const httplib::Request& req, httplib::Response& res) {
      JudgeCall call;
      call.raw = req.body;
      call.body = nlohmann::json::parse(req.body, nullptr, false);
      if (call.body.is_discarded()) call.body = nullptr;
      call.authorization = req.get_header_value("Authorization");
      call.arrived = std::chrono::steady_clock::now();
      {
        std::lock_guard lock(mutex_);
        call.attempt = ++attempts_[req.body];
        call.index = ++count_;
        calls_.push_back(call);
        max_in_flight_ = std::max(max_in_flight_, ++in_flight_);
      }
      res.status = 200;
      handler_(call, res);
      std::lock_guard lock(mutex_);
      --in_flight_;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("test server: cannot bind 127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 1000 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~JudgeTestServer() {
    server_.stop();
    thread_.join();
  }
  JudgeTestServer(const JudgeTestServer&) = delete;
  JudgeTestServer& operator=(const JudgeTestServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }
  int port() const { return port_; }
  std::size_t requests() const {
    std::lock_guard lock(mutex_);
    return count_;
  }
  std::vector<JudgeCall> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  int max_in_flight() const {
    std::lock_guard lock(mutex_);
    return max_in_flight_;
  }

 private:
  Handler handler_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::size_t count_ = 0;
  int in_flight_ = 0;
  int max_in_flight_ = 0;
  std::map<std::string, int> attempts_;
  std::vector<JudgeCall> calls_;
};

}  // namespace trenchcoat::testing
