#include "server/dispatch/curl_smtp_mailer.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/dispatch/curl_handles.h"
#include "server/domain/delivery_rules.h"

namespace opinus::server {
namespace {

// Upload feeds the message to libcurl's read callback.
struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadMessage(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t left = upload->data->size() - upload->offset;
  const size_t n = std::min(left, size * count);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// The server's last refusal (a 4xx or 5xx line), for the failure's message:
// libcurl reports only the code, while "550 5.1.1 <x@y>: mailbox unavailable"
// is what an operator needs to read. Later lines (QUIT's "221 Bye") are not it.
int KeepLastRefusal(CURL*, curl_infotype type, char* data, size_t size, void* user) {
  if (type == CURLINFO_HEADER_IN && size > 0 && (data[0] == '4' || data[0] == '5')) {
    *static_cast<std::string*>(user) =
        std::string(absl::StripAsciiWhitespace(absl::string_view(data, size)));
  }
  return 0;
}

}  // namespace

CurlSmtpMailer::CurlSmtpMailer(CurlSmtpOptions options) : options_(std::move(options)) {
  CurlGlobalInitOnce();
}

absl::StatusOr<bool> SmtpNeedsStartTls(absl::string_view url, absl::string_view user,
                                       bool allow_plain) {
  const std::string scheme = absl::AsciiStrToLower(url.substr(0, url.find("://")));
  if (scheme == "smtps") return false;
  if (scheme != "smtp") {
    return absl::InvalidArgumentError("--smtp_url: smtp://host:port or smtps://host:port");
  }
  if (user.empty()) return false;
  if (!allow_plain) return true;
  const std::optional<UrlParts> parts = ParseUrl(url);
  if (parts && IsLoopbackHost(parts->host)) return false;
  return absl::InvalidArgumentError(
      "--smtp_allow_plain: only for a mail server on loopback; elsewhere the SMTP password "
      "needs STARTTLS (or smtps://)");
}

CurlSmtpMailer::~CurlSmtpMailer() {
  absl::MutexLock lock(&mutex_);
  for (void* curl : idle_) curl_easy_cleanup(static_cast<CURL*>(curl));
}

absl::Status CurlSmtpMailer::Send(const MailMessage& message) {
  void* curl = Acquire();
  if (curl == nullptr) return absl::UnavailableError("smtp: libcurl could not start");
  // Given back however the send ends: a handle lost to an exception would
  // shrink the pool for good, and with it every later send.
  const std::unique_ptr<void, std::function<void(void*)>> lease(
      curl, [this](void* handle) { Release(handle); });
  return SendOn(curl, message);
}

void* CurlSmtpMailer::Acquire() {
  absl::MutexLock lock(&mutex_);
  auto available = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    return !idle_.empty() || made_ < std::max(options_.connections, 1);
  };
  mutex_.Await(absl::Condition(&available));
  if (!idle_.empty()) {
    // The most recently used first: its connection is the likeliest still open.
    void* curl = idle_.back();
    idle_.pop_back();
    return curl;
  }
  void* curl = curl_easy_init();
  if (curl != nullptr) ++made_;
  return curl;
}

void CurlSmtpMailer::Release(void* curl) {
  absl::MutexLock lock(&mutex_);
  idle_.push_back(curl);
}

absl::Status CurlSmtpMailer::SendOn(void* handle, const MailMessage& message) const {
  CURL* curl = static_cast<CURL*>(handle);
  // Reset drops the previous message's options but keeps the open connection.
  curl_easy_reset(curl);
  const std::string from = absl::StrCat("<", message.envelope_from, ">");
  const std::string to = absl::StrCat("<", message.envelope_to, ">");
  CurlList recipients;
  CurlAppend(recipients, to.c_str());
  Upload upload{&message.data};
  std::string last_reply;
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  if (options_.require_starttls) curl_easy_setopt(curl, CURLOPT_USE_SSL, CURLUSESSL_ALL);
  if (!options_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, options_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadMessage);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.data.size()));
  CurlSetTimeouts(curl, options_.connect_timeout, options_.timeout);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, KeepLastRefusal);
  curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &last_reply);
  curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);

  const CURLcode result = curl_easy_perform(curl);
  long reply_code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply_code);
  if (result == CURLE_OK) return absl::OkStatus();

  const std::string what =
      absl::StrCat("smtp: ", error[0] != '\0' ? error : curl_easy_strerror(result),
                   last_reply.empty() ? "" : absl::StrCat(" (server said: ", last_reply, ")"));
  if (ClassifySmtpReply(static_cast<int>(reply_code)) == FailureKind::kPermanent) {
    return absl::FailedPreconditionError(what);
  }
  return absl::UnavailableError(what);
}

}  // namespace opinus::server
