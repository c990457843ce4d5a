#include "server/managers/account_manager.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/field_violation.h"
#include "common/log.h"
#include "common/secrets.h"
#include "common/status_macros.h"
#include "server/domain/digest.h"
#include "server/domain/owner_credentials.h"
#include "server/domain/validation.h"

namespace opinus::server {
namespace {

constexpr char kWrongLogIn[] = "wrong e-mail or password";
constexpr char kBadCredential[] = "unknown or expired owner credential";
// Attempts older than any window are of no use to the limits.
constexpr absl::Duration kAttemptMemory = absl::Hours(24);

// CountCodePoints counts the UTF-8 sequences of `text` (its non-continuation bytes).
size_t CountCodePoints(absl::string_view text) {
  return std::count_if(text.begin(), text.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

// TooManyAttempts is RESOURCE_EXHAUSTED for `what`, saying when the oldest
// counted attempt leaves the window.
absl::Status TooManyAttempts(absl::string_view what, const AttemptCount& attempts,
                             absl::Duration window, absl::Time now) {
  const absl::Duration wait = std::max(attempts.oldest + window - now, absl::ZeroDuration());
  const int64_t minutes =
      std::max<int64_t>(1, static_cast<int64_t>(std::ceil(absl::ToDoubleMinutes(wait))));
  return absl::ResourceExhaustedError(
      absl::StrCat(what, "; try again in ", minutes, minutes == 1 ? " minute" : " minutes"));
}

// RequireSession refuses what only an owner logged in to the panel may do.
absl::Status RequireSession(const ActingOwner& acting) {
  if (acting.is_session()) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "an access token may not create or revoke access tokens; log in to the panel");
}

}  // namespace

absl::Status ValidatePassword(absl::string_view password) {
  const size_t length = CountCodePoints(password);
  if (length < kMinPasswordLength || length > kMaxPasswordLength) {
    return InvalidFieldError(
        "password", absl::StrCat(kMinPasswordLength, " to ", kMaxPasswordLength, " characters"));
  }
  return absl::OkStatus();
}

absl::Status CheckCsrf(const ActingOwner& owner, absl::string_view csrf_token) {
  if (!owner.is_session() || ConstantTimeEquals(owner.csrf_token, csrf_token)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError("missing or wrong CSRF token");
}

AccountManager::AccountManager(AccountStore* store, const PasswordHasher* hasher,
                               TokenGenerator* tokens, AccountMailer* mailer, const Clock* clock)
    : store_(store), hasher_(hasher), tokens_(tokens), mailer_(mailer), clock_(clock) {
  dummy_hash_ = hasher_->Hash(tokens_->NewToken()).value_or("");
}

absl::StatusOr<NewSession> AccountManager::SignUp(absl::string_view email,
                                                  absl::string_view password,
                                                  absl::string_view client_address) {
  Owner owner;
  owner.email = NormalizeEmail(email);
  if (owner.email.empty()) return InvalidFieldError("email", "missing");
  if (owner.email.size() > kMaxEmailLength || !IsPlausibleEmail(owner.email)) {
    return InvalidFieldError("email", "not an e-mail address");
  }
  OPINUS_RETURN_IF_ERROR(ValidatePassword(password));
  const absl::Time now = clock_->Now();
  const std::string address =
      TruncateUtf8(absl::StripAsciiWhitespace(client_address), kMaxClientAddressLength);
  if (!address.empty()) {
    OPINUS_ASSIGN_OR_RETURN(
        AttemptCount sign_ups,
        store_->CountAttempts(AttemptKind::kSignUp, {"", address}, now - kSignUpWindow));
    if (sign_ups.count >= kMaxSignUpsPerAddress) {
      return TooManyAttempts("too many sign-ups from this address", sign_ups, kSignUpWindow, now);
    }
  }
  OPINUS_RETURN_IF_ERROR(
      store_->RecordAttempt(AttemptKind::kSignUp, owner.email, address, now, now - kAttemptMemory));
  OPINUS_ASSIGN_OR_RETURN(owner.password_hash, hasher_->Hash(password));
  owner.create_time = now;
  absl::StatusOr<Owner> created = store_->CreateOwner(owner);
  if (absl::IsAlreadyExists(created.status())) {
    return absl::AlreadyExistsError("email: an account with this e-mail exists");
  }
  if (!created.ok()) return created.status();
  OPINUS_ASSIGN_OR_RETURN(NewSession session, OpenSession(*created));
  session.confirmation_mail = MailConfirmation(*created, now);
  return session;
}

absl::Status AccountManager::MailConfirmation(const Owner& owner, absl::Time now) {
  OPINUS_ASSIGN_OR_RETURN(AttemptCount mails,
                          store_->CountAttempts(AttemptKind::kConfirmationMail, {owner.email, ""},
                                                now - kConfirmationMailWindow));
  if (mails.count >= kMaxConfirmationMails) {
    return TooManyAttempts("too many confirmation mails for this account", mails,
                           kConfirmationMailWindow, now);
  }
  OPINUS_RETURN_IF_ERROR(store_->RecordAttempt(AttemptKind::kConfirmationMail, owner.email, "", now,
                                               now - kAttemptMemory));
  const std::string token = tokens_->NewToken();
  OPINUS_RETURN_IF_ERROR(
      store_->SetEmailConfirmation(owner.id, Sha256(token), now + kEmailConfirmationLifetime));
  return mailer_->SendEmailConfirmation(owner, token);
}

absl::StatusOr<Owner> AccountManager::ConfirmEmail(absl::string_view token) {
  if (token.empty()) return absl::NotFoundError("unknown or expired confirmation link");
  OPINUS_ASSIGN_OR_RETURN(Owner owner, store_->ConfirmEmail(Sha256(token), clock_->Now()));
  owner.password_hash.clear();
  return owner;
}

absl::Status AccountManager::ResendEmailConfirmation(const ActingOwner& acting) {
  if (acting.owner.email_confirm_time) {
    return absl::FailedPreconditionError("email: confirmed already");
  }
  return MailConfirmation(acting.owner, clock_->Now());
}

absl::StatusOr<NewSession> AccountManager::LogIn(absl::string_view email,
                                                 absl::string_view password,
                                                 absl::string_view client_address) {
  const std::string normalized = NormalizeEmail(email);
  const std::string address =
      TruncateUtf8(absl::StripAsciiWhitespace(client_address), kMaxClientAddressLength);
  const absl::Time now = clock_->Now();
  OPINUS_RETURN_IF_ERROR(CheckLogInLimits(normalized, address, now));
  OPINUS_ASSIGN_OR_RETURN(std::optional<Owner> owner, store_->FindOwnerByEmail(normalized));
  // An unknown e-mail costs one verification too, so the time taken does not
  // tell whether an account exists.
  const bool verified = hasher_->Verify(owner ? owner->password_hash : dummy_hash_, password);
  if (!owner || !verified) {
    OPINUS_RETURN_IF_ERROR(store_->RecordAttempt(AttemptKind::kFailedLogIn, normalized, address,
                                                 now, now - kAttemptMemory));
    return absl::UnauthenticatedError(kWrongLogIn);
  }
  OPINUS_RETURN_IF_ERROR(store_->ClearAttempts(AttemptKind::kFailedLogIn, normalized));
  std::optional<absl::Time> cancelled;
  if (owner->deletion_due_time) {
    // The sweep may have deleted the account since it was read: then it is
    // as unknown as any other e-mail.
    absl::StatusOr<bool> was_pending = store_->CancelDeletion(owner->id);
    if (absl::IsNotFound(was_pending.status())) return absl::UnauthenticatedError(kWrongLogIn);
    if (!was_pending.ok()) return was_pending.status();
    if (*was_pending) cancelled = owner->deletion_due_time;
    owner->deletion_due_time.reset();
  }
  OPINUS_ASSIGN_OR_RETURN(NewSession session, OpenSession(*owner));
  session.deletion_cancelled = cancelled;
  if (cancelled) {
    Log(LogLevel::kInfo, "account_deletion_cancelled", {{"owner", absl::StrCat(owner->id)}});
  }
  return session;
}

absl::StatusOr<absl::Time> AccountManager::DeleteAccount(const ActingOwner& acting,
                                                         absl::string_view password) {
  if (!acting.is_session()) {
    return absl::PermissionDeniedError(
        "an access token may not delete the account; log in to the panel");
  }
  const absl::Time now = clock_->Now();
  // The password is asked again, and guesses count as failed log-ins: a
  // session left open must not be enough to delete the account.
  OPINUS_RETURN_IF_ERROR(CheckLogInLimits(acting.owner.email, "", now));
  OPINUS_ASSIGN_OR_RETURN(const Owner owner, store_->GetOwner(acting.owner.id));
  if (!hasher_->Verify(owner.password_hash, password)) {
    OPINUS_RETURN_IF_ERROR(store_->RecordAttempt(AttemptKind::kFailedLogIn, owner.email, "", now,
                                                 now - kAttemptMemory));
    return InvalidFieldError("password", "wrong password");
  }
  const absl::Time due = now + kAccountDeletionGrace;
  OPINUS_RETURN_IF_ERROR(store_->ScheduleDeletion(owner.id, due));
  Log(LogLevel::kInfo, "account_deletion_scheduled",
      {{"owner", absl::StrCat(owner.id)}, {"due", absl::FormatTime(due)}});
  return due;
}

absl::Status AccountManager::CheckLogInLimits(const std::string& email, const std::string& address,
                                              absl::Time now) {
  // One account from one address: locked for the window. Someone guessing
  // from elsewhere never locks the real owner out this way.
  OPINUS_ASSIGN_OR_RETURN(
      AttemptCount pair,
      store_->CountAttempts(AttemptKind::kFailedLogIn, {email, address}, now - kLogInWindow));
  if (pair.count >= kMaxFailedLogInsPerAccount) {
    return TooManyAttempts("too many failed log-ins for this account from this address", pair,
                           kLogInWindow, now);
  }
  // One account from everywhere: slowed down, not locked. Guesses from many
  // addresses get a few tries a minute in all, and the owner waits a minute
  // at most.
  OPINUS_ASSIGN_OR_RETURN(
      AttemptCount account,
      store_->CountAttempts(AttemptKind::kFailedLogIn, {email, ""}, now - kAccountSlowDownWindow));
  if (account.count >= kMaxFailedLogInsPerAccount) {
    return TooManyAttempts("too many failed log-ins for this account", account,
                           kAccountSlowDownWindow, now);
  }
  if (address.empty()) return absl::OkStatus();
  OPINUS_ASSIGN_OR_RETURN(
      AttemptCount from_address,
      store_->CountAttempts(AttemptKind::kFailedLogIn, {"", address}, now - kLogInWindow));
  if (from_address.count >= kMaxFailedLogInsPerAddress) {
    return TooManyAttempts("too many failed log-ins from this address", from_address, kLogInWindow,
                           now);
  }
  return absl::OkStatus();
}

absl::StatusOr<NewSession> AccountManager::OpenSession(const Owner& owner) {
  NewSession opened;
  do {
    opened.session_token = tokens_->NewToken();
  } while (IsAccessTokenSecret(opened.session_token));
  OwnerSession session;
  session.token_hash = CredentialHash(opened.session_token);
  session.owner_id = owner.id;
  session.create_time = clock_->Now();
  session.last_use_time = session.create_time;
  session.expire_time = session.create_time + kSessionLifetime;
  OPINUS_RETURN_IF_ERROR(store_->CreateSession(session));
  opened.csrf_token = CsrfTokenFor(opened.session_token);
  opened.expire_time = std::min(session.expire_time, session.last_use_time + kSessionIdleTimeout);
  opened.owner = owner;
  opened.owner.password_hash.clear();
  return opened;
}

absl::StatusOr<ActingOwner> AccountManager::Authenticate(absl::string_view credential) {
  if (credential.empty()) return absl::UnauthenticatedError("owner credential missing");
  const absl::Time now = clock_->Now();
  absl::StatusOr<ActingOwner> acting = IsAccessTokenSecret(credential)
                                           ? AuthenticateAccessToken(credential, now)
                                           : AuthenticateSession(credential, now);
  if (acting.ok()) acting->owner.password_hash.clear();
  return acting;
}

absl::StatusOr<ActingOwner> AccountManager::AuthenticateSession(absl::string_view token,
                                                                absl::Time now) {
  const std::string hash = CredentialHash(token);
  OPINUS_ASSIGN_OR_RETURN(std::optional<OwnerSession> session, store_->FindSession(hash));
  if (!session || now >= session->expire_time ||
      now >= session->last_use_time + kSessionIdleTimeout) {
    return absl::UnauthenticatedError(kBadCredential);
  }
  if (now - session->last_use_time >= kCredentialTouchInterval) {
    OPINUS_RETURN_IF_ERROR(store_->TouchSession(hash, now));
    session->last_use_time = now;
  }
  absl::StatusOr<Owner> owner = store_->GetOwner(session->owner_id);
  if (absl::IsNotFound(owner.status())) return absl::UnauthenticatedError(kBadCredential);
  if (!owner.ok()) return owner.status();
  return ActingOwner{*std::move(owner), CsrfTokenFor(token),
                     std::min(session->expire_time, session->last_use_time + kSessionIdleTimeout)};
}

absl::StatusOr<ActingOwner> AccountManager::AuthenticateAccessToken(absl::string_view secret,
                                                                    absl::Time now) {
  OPINUS_ASSIGN_OR_RETURN(std::optional<AccessToken> token,
                          store_->FindAccessToken(CredentialHash(secret)));
  if (!token || now >= token->expire_time) return absl::UnauthenticatedError(kBadCredential);
  if (!token->last_use_time || now - *token->last_use_time >= kCredentialTouchInterval) {
    OPINUS_RETURN_IF_ERROR(store_->TouchAccessToken(token->id, now));
  }
  absl::StatusOr<Owner> owner = store_->GetOwner(token->owner_id);
  if (absl::IsNotFound(owner.status())) return absl::UnauthenticatedError(kBadCredential);
  if (!owner.ok()) return owner.status();
  return ActingOwner{*std::move(owner), "", token->expire_time};
}

absl::StatusOr<ActingOwner> AccountManager::ActFor(absl::string_view credential,
                                                   absl::string_view csrf_token, bool changes) {
  OPINUS_ASSIGN_OR_RETURN(ActingOwner acting, Authenticate(credential));
  if (changes) OPINUS_RETURN_IF_ERROR(CheckCsrf(acting, csrf_token));
  return acting;
}

absl::Status AccountManager::LogOut(absl::string_view credential, absl::string_view csrf_token) {
  OPINUS_ASSIGN_OR_RETURN(ActingOwner acting, ActFor(credential, csrf_token, /*changes=*/true));
  if (!acting.is_session()) {
    return absl::FailedPreconditionError(
        "an access token has no session to end; revoke the token instead");
  }
  return store_->DeleteSession(CredentialHash(credential));
}

absl::StatusOr<AccessTokenGrant> AccountManager::CreateAccessToken(const ActingOwner& acting,
                                                                   absl::string_view name,
                                                                   int lifetime_days) {
  OPINUS_RETURN_IF_ERROR(RequireSession(acting));
  const absl::string_view trimmed = absl::StripAsciiWhitespace(name);
  if (trimmed.empty()) return InvalidFieldError("name", "missing");
  if (CountCodePoints(trimmed) > kMaxNameLength || HasControlCharacters(trimmed)) {
    return InvalidFieldError("name", "at most 100 characters, no control characters");
  }
  if (lifetime_days == 0) lifetime_days = kDefaultAccessTokenDays;
  if (lifetime_days < 1 || lifetime_days > kMaxAccessTokenDays) {
    return InvalidFieldError("lifetime_days", "1 to 365");
  }
  AccessTokenGrant grant;
  grant.secret = absl::StrCat(kAccessTokenPrefix, tokens_->NewToken());
  AccessToken token;
  token.owner_id = acting.owner.id;
  token.name = std::string(trimmed);
  token.token_hash = CredentialHash(grant.secret);
  token.create_time = clock_->Now();
  token.expire_time = token.create_time + absl::Hours(24) * lifetime_days;
  OPINUS_ASSIGN_OR_RETURN(grant.token, store_->CreateAccessToken(token));
  return grant;
}

absl::StatusOr<std::vector<AccessToken>> AccountManager::ListAccessTokens(OwnerId owner_id) {
  return store_->ListAccessTokens(owner_id);
}

absl::Status AccountManager::RevokeAccessToken(const ActingOwner& acting, AccessTokenId id) {
  OPINUS_RETURN_IF_ERROR(RequireSession(acting));
  return store_->DeleteAccessToken(acting.owner.id, id);
}

}  // namespace opinus::server
