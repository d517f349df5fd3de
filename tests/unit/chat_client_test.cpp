// The chat-completions client against a scripted server on loopback: request shape, API key header,
// malformed answers, timeouts, retries (429 with Retry-After, 5xx, refused connections), fatal errors,
// and bounded concurrency. Expected behaviour: include/trenchcoat/judges/chat_client.hpp (which
// follows the OpenAI chat-completions API).
#include "trenchcoat/judges/chat_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "judge_test_server.hpp"
#include "trenchcoat/error.hpp"

using namespace trenchcoat::judges;
using trenchcoat::testing::completion_json;
using trenchcoat::testing::JudgeCall;
using trenchcoat::testing::JudgeTestServer;

namespace {

ChatClientOptions fast_options(const std::string& url) {
  ChatClientOptions o;
  o.url = url;
  o.model = "test-judge";
  o.timeout_seconds = 10;
  o.retries = 3;
  o.initial_backoff_seconds = 0.01;  // keeps retry tests quick
  return o;
}

std::string body_for(const ChatClient& client, const std::string& text) {
  ChatRequest r;
  r.messages = {{"user", text}};
  return client.request_body(r);
}

void answer_ok(const JudgeCall&, httplib::Response& res) {
  res.set_content(completion_json("Rating: [[7]]"), "application/json");
}

}  // namespace

TEST(ChatClient, RequestBodyCarriesModelMessagesAndParameters) {
  ChatClientOptions o;
  o.url = "http://127.0.0.1:9/v1/";  // trailing '/' ignored (chat_client.hpp)
  o.model = "judge-model";
  o.api_key = "sk-secret";
  const ChatClient client(o);
  EXPECT_EQ(client.endpoint(), "http://127.0.0.1:9/v1/chat/completions");

  ChatRequest r;
  r.messages = {{"system", "be fair"}, {"user", "rate this"}};
  r.temperature = 0.0;
  r.max_tokens = 256;
  const auto body = nlohmann::json::parse(client.request_body(r));
  // ecosystem.md 2.1: model, messages, temperature, max_tokens; no logprobs unless asked
  EXPECT_EQ(body["model"], "judge-model");
  EXPECT_EQ(body["messages"][0]["role"], "system");
  EXPECT_EQ(body["messages"][1]["content"], "rate this");
  EXPECT_EQ(body["temperature"], 0.0);
  EXPECT_EQ(body["max_tokens"], 256);
  EXPECT_FALSE(body.contains("logprobs"));
  EXPECT_FALSE(body.contains("top_logprobs"));

  r.top_logprobs = 5;  // logprobs: true with top_logprobs in 0..20 (ecosystem.md 2.1)
  r.max_tokens = 0;    // 0: left out (chat_client.hpp)
  const auto with_logprobs = nlohmann::json::parse(client.request_body(r));
  EXPECT_EQ(with_logprobs["logprobs"], true);
  EXPECT_EQ(with_logprobs["top_logprobs"], 5);
  EXPECT_FALSE(with_logprobs.contains("max_tokens"));
  r.top_logprobs = 21;
  EXPECT_THROW(client.request_body(r), trenchcoat::Error);
  r.top_logprobs = 0;

  // The same request is the same text; the cache key names the endpoint and never the API key.
  EXPECT_EQ(client.request_body(r), client.request_body(r));
  const std::string key = client.cache_key(r);
  EXPECT_EQ(key, "POST http://127.0.0.1:9/v1/chat/completions\n" + client.request_body(r));  // chat_client.hpp
  EXPECT_EQ(ChatClient::body_of_cache_key(key), client.request_body(r));
  EXPECT_EQ(key.find("sk-secret"), std::string::npos);
  ChatRequest warmer = r;
  warmer.temperature = 0.7;
  EXPECT_NE(client.cache_key(warmer), key);
}

TEST(ChatClient, RefusesMissingUrlModelOrConcurrency) {
  ChatClientOptions o;
  o.model = "m";
  EXPECT_THROW(ChatClient{o}, trenchcoat::Error);
  o.url = "http://127.0.0.1:9/v1";
  o.model = "";
  EXPECT_THROW(ChatClient{o}, trenchcoat::Error);
  o.model = "m";
  o.concurrency = 0;
  EXPECT_THROW(ChatClient{o}, trenchcoat::Error);
}

TEST(ChatClient, GoodAnswerAndAuthorizationHeader) {
  JudgeTestServer server(answer_ok);
  ::setenv("TRENCHCOAT_TEST_JUDGE_KEY", "sk-test-123", 1);
  ChatClientOptions o = fast_options(server.url());
  o.api_key = api_key_from_environment("TRENCHCOAT_TEST_JUDGE_KEY");
  const ChatClient with_key(o);
  const ChatResponse r = with_key.post(body_for(with_key, "hello"));
  EXPECT_EQ(r.status, ChatStatus::ok) << r.error;
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(r.body, completion_json("Rating: [[7]]"));  // raw text, as served

  EXPECT_EQ(api_key_from_environment("TRENCHCOAT_TEST_JUDGE_KEY_UNSET"), "");
  const ChatClient without_key(fast_options(server.url()));
  EXPECT_EQ(without_key.post(body_for(without_key, "hello")).status, ChatStatus::ok);

  const auto calls = server.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].authorization, "Bearer sk-test-123");
  EXPECT_EQ(calls[1].authorization, "");  // no key: no header (chat_client.hpp)
  EXPECT_EQ(calls[0].body["messages"][0]["content"], "hello");
  ::unsetenv("TRENCHCOAT_TEST_JUDGE_KEY");
}

TEST(ChatClient, MalformedJsonFailsWithoutRetry) {
  JudgeTestServer server([](const JudgeCall&, httplib::Response& res) {
    res.set_content("{\"choices\": [{\"message\": ", "application/json");
  });
  const ChatClient client(fast_options(server.url()));
  const ChatResponse r = client.post(body_for(client, "x"));
  EXPECT_EQ(r.status, ChatStatus::failed);
  EXPECT_NE(r.error.find("malformed response (not JSON)"), std::string::npos) << r.error;
  EXPECT_EQ(server.requests(), 1u);  // not retried (chat_client.hpp)
}

TEST(ChatClient, AnswerWithoutChoicesOrWithErrorObjectFails) {
  JudgeTestServer server([](const JudgeCall& call, httplib::Response& res) {
    if (call.index == 1) res.set_content(R"({"object": "chat.completion", "choices": []})", "application/json");
    else res.set_content(R"({"error": {"message": "model is loading"}})", "application/json");
  });
  const ChatClient client(fast_options(server.url()));
  const ChatResponse no_choices = client.post(body_for(client, "x"));
  EXPECT_EQ(no_choices.status, ChatStatus::failed);
  EXPECT_NE(no_choices.error.find("no choices"), std::string::npos) << no_choices.error;
  const ChatResponse error_object = client.post(body_for(client, "y"));
  EXPECT_EQ(error_object.status, ChatStatus::failed);
  EXPECT_NE(error_object.error.find("model is loading"), std::string::npos) << error_object.error;
}

TEST(ChatClient, SlowAnswerPastTheTimeoutIsRetriedThenFails) {
  JudgeTestServer server([](const JudgeCall&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    answer_ok({}, res);
  });
  ChatClientOptions o = fast_options(server.url());
  o.timeout_seconds = 0.2;
  o.retries = 1;
  const ChatClient client(o);
  const ChatResponse r = client.post(body_for(client, "x"));
  EXPECT_EQ(r.status, ChatStatus::failed);
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(r.error, "timed out after 0.2 s (2 attempts)");  // message format: chat_client.hpp
  EXPECT_EQ(server.requests(), 2u);
}

TEST(ChatClient, SlowAnswerOnceThenRecovers) {
  JudgeTestServer server([](const JudgeCall& call, httplib::Response& res) {
    if (call.attempt == 1) std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    answer_ok(call, res);
  });
  ChatClientOptions o = fast_options(server.url());
  o.timeout_seconds = 0.3;
  const ChatClient client(o);
  const ChatResponse r = client.post(body_for(client, "x"));
  EXPECT_EQ(r.status, ChatStatus::ok) << r.error;
  EXPECT_EQ(r.attempts, 2);
}

TEST(ChatClient, TooManyRequestsThenSuccess) {
  JudgeTestServer server([](const JudgeCall& call, httplib::Response& res) {
    if (call.attempt <= 2) {
      res.status = 429;
      res.set_header("Retry-After", "0");
      res.set_content(R"({"error": {"message": "rate limited"}})", "application/json");
      return;
    }
    answer_ok(call, res);
  });
  const ChatClient client(fast_options(server.url()));
  const ChatResponse r = client.post(body_for(client, "x"));
  EXPECT_EQ(r.status, ChatStatus::ok) << r.error;
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(server.requests(), 3u);
}

TEST(ChatClient, RetryAfterIsHonoured) {
  JudgeTestServer server([](const JudgeCall& call, httplib::Response& res) {
    if (call.attempt == 1) {
      res.status = 429;
      res.set_header("Retry-After", "1");
      return;
    }
    answer_ok(call, res);
  });
  ChatClientOptions o = fast_options(server.url());
  o.initial_backoff_seconds = 0;  // any wait comes from Retry-After
  const ChatClient client(o);
  EXPECT_EQ(client.post(body_for(client, "x")).status, ChatStatus::ok);
  const auto calls = server.calls();
  ASSERT_EQ(calls.size(), 2u);
  // Retry-After: 1 means at least a second between the attempts (a lower bound, not a speed test).
  EXPECT_GE(std::chrono::duration<double>(calls[1].arrived - calls[0].arrived).count(), 0.9);
}

TEST(ChatClient, ServerErrorThenSuccess) {
  JudgeTestServer server([](const JudgeCall& call, httplib::Response& res) {
    if (call.attempt == 1) {
      res.status = 500;
      res.set_content("internal error", "text/plain");
      return;
    }
    if (call.attempt == 2) {
      res.status = 502;
      return;
    }
    answer_ok(call, res);
  });
  const ChatClient client(fast_options(server.url()));
  const ChatResponse r = client.post(body_for(client, "x"));
  EXPECT_EQ(r.status, ChatStatus::ok) << r.error;
  EXPECT_EQ(r.attempts, 3);
}

TEST(ChatClient, PersistentServerErrorUsesUpTheRetries) {
  JudgeTestServer server([](const JudgeCall&, httplib::Response& res) {
    res.status = 503;
    res.set_content(R"({"error": {"message": "overloaded"}})", "application/json");
  });
  ChatClientOptions o = fast_options(server.url());
  o.retries = 2;
  const ChatClient client(o);
  const ChatResponse r = client.post(body_for(client, "x"));
  EXPECT_EQ(r.status, ChatStatus::failed);
  EXPECT_EQ(r.http_status, 503);
  EXPECT_EQ(r.error, "HTTP 503 after 3 attempts: overloaded");  // message format: chat_client.hpp
  EXPECT_EQ(server.requests(), 3u);                             // 1 + retries
}

TEST(ChatClient, BadRequestIsNotRetried) {
  JudgeTestServer server([](const JudgeCall&, httplib::Response& res) {
    res.status = 400;
    res.set_content(R"({"error": {"message": "prompt is longer than the context"}})", "application/json");
  });
  const ChatClient client(fast_options(server.url()));
  const ChatResponse r = client.post(body_for(client, "x"));
  EXPECT_EQ(r.status, ChatStatus::failed);
  EXPECT_EQ(r.error, "HTTP 400: prompt is longer than the context");
  EXPECT_EQ(server.requests(), 1u);
}

TEST(ChatClient, RefusedConnectionIsRetriedThenFatal) {
  int free_port = 0;
  {
    JudgeTestServer gone(answer_ok);  // a port that was just free, and is free again
    free_port = gone.port();
  }
  ChatClientOptions o = fast_options("http://127.0.0.1:" + std::to_string(free_port) + "/v1");
  o.retries = 1;
  const ChatClient client(o);
  const ChatResponse r = client.post(body_for(client, "x"));
  EXPECT_EQ(r.status, ChatStatus::fatal);  // still unreachable after the retries (chat_client.hpp)
  EXPECT_EQ(r.http_status, 0);
  EXPECT_EQ(r.attempts, 2);
  EXPECT_NE(r.error.find("(2 attempts)"), std::string::npos) << r.error;
}

TEST(ChatClient, UnauthorizedIsFatalAndStopsSendAll) {
  JudgeTestServer server([](const JudgeCall&, httplib::Response& res) {
    res.status = 401;
    res.set_content(R"({"error": {"message": "Incorrect API key provided"}})", "application/json");
  });
  ChatClientOptions o = fast_options(server.url());
  o.concurrency = 1;
  const ChatClient client(o);
  std::vector<std::string> bodies;
  for (int i = 0; i < 10; ++i) bodies.push_back(body_for(client, "item " + std::to_string(i)));
  std::vector<ChatResponse> done;
  client.send_all(bodies, [&](std::size_t, const ChatResponse& r) {
    done.push_back(r);
    return true;
  });
  ASSERT_EQ(done.size(), 1u);  // fatal: nothing further is started (chat_client.hpp)
  EXPECT_EQ(done[0].status, ChatStatus::fatal);
  EXPECT_EQ(done[0].error, "HTTP 401: Incorrect API key provided");
  EXPECT_EQ(server.requests(), 1u);
}

TEST(ChatClient, SendAllBoundsConcurrencyAndReportsEachOnce) {
  JudgeTestServer server([](const JudgeCall& call, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
    res.set_content(completion_json(trenchcoat::testing::last_message(call.body)), "application/json");
  });
  ChatClientOptions o = fast_options(server.url());
  o.concurrency = 3;
  const ChatClient client(o);
  std::vector<std::string> bodies;
  for (int i = 0; i < 12; ++i) bodies.push_back(body_for(client, "item " + std::to_string(i)));
  std::vector<int> seen(bodies.size(), 0);
  std::atomic<int> inside{0};
  bool overlapped = false;
  client.send_all(bodies, [&](std::size_t i, const ChatResponse& r) {
    if (inside.fetch_add(1) != 0) overlapped = true;
    ++seen[i];
    EXPECT_EQ(r.status, ChatStatus::ok) << r.error;
    // The answer echoes the request: each index gets its own body's answer.
    EXPECT_EQ(nlohmann::json::parse(r.body)["choices"][0]["message"]["content"], "item " + std::to_string(i));
    inside.fetch_sub(1);
    return true;
  });
  EXPECT_FALSE(overlapped);  // callbacks never run at once (chat_client.hpp)
  for (int n : seen) EXPECT_EQ(n, 1);
  EXPECT_EQ(server.requests(), 12u);
  EXPECT_LE(server.max_in_flight(), 3);  // bounded by concurrency
}

TEST(ChatClient, SendAllStopsWhenTheCallbackSaysSoOrThrows) {
  JudgeTestServer server(answer_ok);
  ChatClientOptions o = fast_options(server.url());
  o.concurrency = 1;
  const ChatClient client(o);
  std::vector<std::string> bodies;
  for (int i = 0; i < 5; ++i) bodies.push_back(body_for(client, "item " + std::to_string(i)));
  std::size_t calls = 0;
  client.send_all(bodies, [&](std::size_t, const ChatResponse&) { return ++calls < 2; });
  EXPECT_EQ(calls, 2u);
  EXPECT_EQ(server.requests(), 2u);
  EXPECT_THROW(
      client.send_all(bodies, [](std::size_t, const ChatResponse&) -> bool { throw std::runtime_error("disk full"); }),
      std::runtime_error);
  EXPECT_EQ(server.requests(), 3u);
}
