#include "server/domain/appstore.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/secrets.h"
#include "server/domain/digest.h"

namespace opinus::server {
namespace {

constexpr AppStoreAction kActions[] = {AppStoreAction::kInstall, AppStoreAction::kUninstall,
                                       AppStoreAction::kUpgrade, AppStoreAction::kBillingInstall,
                                       AppStoreAction::kBillingSubscription};

// Field returns the value of `name`; INVALID_ARGUMENT when it is missing or
// empty, or longer than `max_size` bytes.
absl::StatusOr<std::string> Field(const std::map<std::string, std::string>& fields,
                                  const std::string& name, size_t max_size) {
  auto found = fields.find(name);
  if (found == fields.end() || found->second.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": missing"));
  }
  if (found->second.size() > max_size) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": longer than ", max_size, " bytes"));
  }
  return found->second;
}

std::string Optional(const std::map<std::string, std::string>& fields, const std::string& name) {
  auto found = fields.find(name);
  return found == fields.end() ? "" : found->second;
}

// Checked reads what a callback whose hash and time are good says.
absl::StatusOr<AppStoreCallback> Checked(const std::map<std::string, std::string>& fields,
                                         AppStoreAction action, absl::Time sent_time) {
  AppStoreCallback callback;
  callback.action = action;
  callback.sent_time = sent_time;
  absl::StatusOr<std::string> licence = Field(fields, "shop", 64);
  if (!licence.ok()) return licence.status();
  callback.licence = *std::move(licence);
  callback.application_code = Optional(fields, "application_code");
  callback.application_version = Optional(fields, "application_version");
  callback.subscription_end = Optional(fields, "subscription_end_time");
  if (action == AppStoreAction::kInstall || action == AppStoreAction::kUninstall) {
    absl::StatusOr<std::string> url = Field(fields, "shop_url", 255);
    if (!url.ok()) return url.status();
    if (!absl::StartsWith(*url, "https://") && !absl::StartsWith(*url, "http://")) {
      return absl::InvalidArgumentError("shop_url: not an http(s) URL");
    }
    callback.shop_url = std::string(absl::StripSuffix(*url, "/"));
  }
  if (action == AppStoreAction::kInstall) {
    absl::StatusOr<std::string> code = Field(fields, "auth_code", 255);
    if (!code.ok()) return code.status();
    callback.auth_code = *std::move(code);
  }
  return callback;
}

constexpr ShopConnection kConnections[] = {ShopConnection::kNone, ShopConnection::kPending,
                                           ShopConnection::kConnected, ShopConnection::kFailed,
                                           ShopConnection::kDisconnected};

// FromName returns the one of `all` that `name_of` names `name`.
template <typename Enum, size_t N>
std::optional<Enum> FromName(const Enum (&all)[N], const char* (*name_of)(Enum),
                             absl::string_view name) {
  for (Enum value : all) {
    if (name == name_of(value)) return value;
  }
  return std::nullopt;
}

}  // namespace

const char* ShopConnectionName(ShopConnection connection) {
  switch (connection) {
    case ShopConnection::kNone:
      return "none";
    case ShopConnection::kPending:
      return "pending";
    case ShopConnection::kConnected:
      return "connected";
    case ShopConnection::kFailed:
      return "failed";
    case ShopConnection::kDisconnected:
      return "disconnected";
  }
  return "none";
}

std::optional<ShopConnection> ShopConnectionFromName(absl::string_view name) {
  return FromName(kConnections, ShopConnectionName, name);
}

const char* AppStoreActionName(AppStoreAction action) {
  switch (action) {
    case AppStoreAction::kInstall:
      return "install";
    case AppStoreAction::kUninstall:
      return "uninstall";
    case AppStoreAction::kUpgrade:
      return "upgrade";
    case AppStoreAction::kBillingInstall:
      return "billing_install";
    case AppStoreAction::kBillingSubscription:
      return "billing_subscription";
  }
  return "install";
}

std::optional<AppStoreAction> AppStoreActionFromName(absl::string_view name) {
  return FromName(kActions, AppStoreActionName, name);
}

std::string AppStoreHash(const std::map<std::string, std::string>& fields,
                         absl::string_view secret) {
  // std::map iterates sorted by name, as the App Store signs.
  std::string signed_text;
  for (const auto& [name, value] : fields) {
    if (name == "hash") continue;
    absl::StrAppend(&signed_text, signed_text.empty() ? "" : "&", name, "=", value);
  }
  return absl::BytesToHexString(HmacSha512(secret, signed_text));
}

AppInstallation ApplyAppStoreCallback(const std::optional<AppInstallation>& installation,
                                      const AppStoreCallback& callback, absl::Time now) {
  AppInstallation after;
  if (installation) {
    after = *installation;
  } else {
    after.licence = callback.licence;
    after.install_time = now;
    after.installed = callback.action != AppStoreAction::kUninstall;
  }
  after.update_time = now;
  ++after.callbacks;
  if (!callback.shop_url.empty()) after.shop_url = callback.shop_url;
  if (!callback.application_code.empty()) after.application_code = callback.application_code;
  if (!callback.application_version.empty()) {
    after.application_version = callback.application_version;
  }
  switch (callback.action) {
    case AppStoreAction::kInstall:
      if (!after.installed) after.install_time = now;
      after.installed = true;
      after.uninstall_time.reset();
      if (!callback.auth_code.empty()) {
        after.connection = ShopConnection::kPending;
        after.connect_attempts = 0;
        after.next_attempt_time = now;
        after.connect_error.clear();
      }
      break;
    case AppStoreAction::kUninstall:
      after.installed = false;
      after.uninstall_time = now;
      if (after.connection != ShopConnection::kNone) {
        after.connection = ShopConnection::kDisconnected;
        after.connect_attempts = 0;
        after.next_attempt_time.reset();
        after.connect_error.clear();
      }
      break;
    case AppStoreAction::kBillingSubscription:
      after.subscription_end = callback.subscription_end;
      break;
    case AppStoreAction::kUpgrade:
    case AppStoreAction::kBillingInstall:
      break;
  }
  return after;
}

absl::StatusOr<absl::Time> CheckAppStoreSignature(const std::map<std::string, std::string>& fields,
                                                  absl::string_view secret, absl::Time now,
                                                  absl::Duration max_age) {
  const std::string hash = absl::AsciiStrToLower(Optional(fields, "hash"));
  if (hash.empty() || !ConstantTimeEquals(hash, AppStoreHash(fields, secret))) {
    return absl::UnauthenticatedError("hash: missing or not made with the App Store secret");
  }
  int64_t seconds = 0;
  if (!absl::SimpleAtoi(Optional(fields, "timestamp"), &seconds)) {
    return absl::InvalidArgumentError("timestamp: not Unix seconds");
  }
  const absl::Time sent_time = absl::FromUnixSeconds(seconds);
  if (absl::AbsDuration(now - sent_time) > max_age) {
    return absl::UnauthenticatedError(
        absl::StrCat("timestamp: more than ", absl::FormatDuration(max_age), " from now"));
  }
  return sent_time;
}

absl::StatusOr<AppStoreCallback> ReadAppStoreCallback(
    const std::map<std::string, std::string>& fields, absl::string_view secret, absl::Time now,
    absl::Duration max_age) {
  absl::StatusOr<absl::Time> sent_time = CheckAppStoreSignature(fields, secret, now, max_age);
  if (!sent_time.ok()) return sent_time.status();
  const std::optional<AppStoreAction> action = AppStoreActionFromName(Optional(fields, "action"));
  if (!action) return absl::InvalidArgumentError("action: unknown");
  return Checked(fields, *action, *sent_time);
}

}  // namespace opinus::server
