// InMemoryStorage's AccountStore half.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "tests/support/in_memory_storage.h"

namespace opinus::server {

absl::StatusOr<Owner> InMemoryStorage::CreateOwner(const Owner& owner) {
  absl::MutexLock lock(&mutex_);
  for (const auto& [id, existing] : owners_) {
    if (existing.email == owner.email) return absl::AlreadyExistsError("e-mail taken");
  }
  Owner created = owner;
  created.id = owners_.empty() ? 1 : owners_.rbegin()->first + 1;
  owners_[created.id] = created;
  return created;
}

absl::StatusOr<Owner> InMemoryStorage::GetOwner(OwnerId id) {
  absl::MutexLock lock(&mutex_);
  auto it = owners_.find(id);
  if (it == owners_.end()) return absl::NotFoundError(absl::StrCat("owner ", id, " not found"));
  return it->second;
}

absl::StatusOr<std::optional<Owner>> InMemoryStorage::FindOwnerByEmail(const std::string& email) {
  absl::MutexLock lock(&mutex_);
  for (const auto& [id, owner] : owners_) {
    if (owner.email == email) return std::optional<Owner>(owner);
  }
  return std::optional<Owner>();
}

absl::Status InMemoryStorage::SetEmailConfirmation(OwnerId id, const std::string& token_hash,
                                                   absl::Time expire_time) {
  absl::MutexLock lock(&mutex_);
  if (owners_.count(id) == 0) return absl::NotFoundError(absl::StrCat("owner ", id, " not found"));
  email_confirmations_[id] = {token_hash, expire_time};
  return absl::OkStatus();
}

absl::StatusOr<Owner> InMemoryStorage::ConfirmEmail(const std::string& token_hash, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  for (auto it = email_confirmations_.begin(); it != email_confirmations_.end(); ++it) {
    if (it->second.token_hash != token_hash || now >= it->second.expire_time) continue;
    Owner& owner = owners_.at(it->first);
    if (!owner.email_confirm_time) owner.email_confirm_time = now;
    email_confirmations_.erase(it);
    return owner;
  }
  return absl::NotFoundError("unknown or expired confirmation link");
}

absl::StatusOr<std::map<OwnerId, OwnerHold>> InMemoryStorage::HeldOwners(
    const std::vector<OwnerId>& ids) {
  absl::MutexLock lock(&mutex_);
  std::map<OwnerId, OwnerHold> held;
  for (OwnerId id : ids) {
    auto it = owners_.find(id);
    if (it == owners_.end()) continue;
    if (!it->second.email_confirm_time) {
      held[id] = OwnerHold::kUnconfirmed;
    } else if (it->second.deletion_due_time) {
      held[id] = OwnerHold::kDeletionPending;
    }
  }
  return held;
}

absl::Status InMemoryStorage::ScheduleDeletion(OwnerId id, absl::Time due_time) {
  absl::MutexLock lock(&mutex_);
  auto it = owners_.find(id);
  if (it == owners_.end()) return absl::NotFoundError(absl::StrCat("owner ", id, " not found"));
  it->second.deletion_due_time = due_time;
  for (auto session = sessions_.begin(); session != sessions_.end();) {
    session = session->second.owner_id == id ? sessions_.erase(session) : std::next(session);
  }
  for (auto token = access_tokens_.begin(); token != access_tokens_.end();) {
    token = token->second.owner_id == id ? access_tokens_.erase(token) : std::next(token);
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> InMemoryStorage::CancelDeletion(OwnerId id) {
  absl::MutexLock lock(&mutex_);
  auto it = owners_.find(id);
  if (it == owners_.end()) return absl::NotFoundError(absl::StrCat("owner ", id, " not found"));
  const bool pending = it->second.deletion_due_time.has_value();
  it->second.deletion_due_time.reset();
  return pending;
}

absl::Status InMemoryStorage::CreateSession(const OwnerSession& session) {
  absl::MutexLock lock(&mutex_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    const bool ended =
        it->second.owner_id == session.owner_id && it->second.expire_time < session.create_time;
    it = ended ? sessions_.erase(it) : std::next(it);
  }
  sessions_[session.token_hash] = session;
  return absl::OkStatus();
}

absl::StatusOr<std::optional<OwnerSession>> InMemoryStorage::FindSession(
    const std::string& token_hash) {
  absl::MutexLock lock(&mutex_);
  auto it = sessions_.find(token_hash);
  if (it == sessions_.end()) return std::optional<OwnerSession>();
  return std::optional<OwnerSession>(it->second);
}

absl::Status InMemoryStorage::TouchSession(const std::string& token_hash, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  auto it = sessions_.find(token_hash);
  if (it != sessions_.end()) it->second.last_use_time = now;
  return absl::OkStatus();
}

absl::Status InMemoryStorage::DeleteSession(const std::string& token_hash) {
  absl::MutexLock lock(&mutex_);
  sessions_.erase(token_hash);
  return absl::OkStatus();
}

absl::StatusOr<AccessToken> InMemoryStorage::CreateAccessToken(const AccessToken& token) {
  absl::MutexLock lock(&mutex_);
  AccessToken created = token;
  created.id = access_tokens_.empty() ? 1 : access_tokens_.rbegin()->first + 1;
  access_tokens_[created.id] = created;
  return created;
}

absl::StatusOr<std::optional<AccessToken>> InMemoryStorage::FindAccessToken(
    const std::string& token_hash) {
  absl::MutexLock lock(&mutex_);
  for (const auto& [id, token] : access_tokens_) {
    if (token.token_hash == token_hash) return std::optional<AccessToken>(token);
  }
  return std::optional<AccessToken>();
}

absl::StatusOr<std::vector<AccessToken>> InMemoryStorage::ListAccessTokens(OwnerId owner_id) {
  absl::MutexLock lock(&mutex_);
  std::vector<AccessToken> tokens;
  for (const auto& [id, token] : access_tokens_) {
    if (token.owner_id == owner_id) tokens.push_back(token);
  }
  return tokens;
}

absl::Status InMemoryStorage::TouchAccessToken(AccessTokenId id, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  auto it = access_tokens_.find(id);
  if (it != access_tokens_.end()) it->second.last_use_time = now;
  return absl::OkStatus();
}

absl::Status InMemoryStorage::DeleteAccessToken(OwnerId owner_id, AccessTokenId id) {
  absl::MutexLock lock(&mutex_);
  auto it = access_tokens_.find(id);
  if (it == access_tokens_.end() || it->second.owner_id != owner_id) {
    return absl::NotFoundError(absl::StrCat("access token ", id, " not found"));
  }
  access_tokens_.erase(it);
  return absl::OkStatus();
}

absl::Status InMemoryStorage::RecordAttempt(AttemptKind kind, const std::string& email,
                                            const std::string& address, absl::Time time,
                                            absl::Time forget_before) {
  absl::MutexLock lock(&mutex_);
  attempts_.erase(std::remove_if(attempts_.begin(), attempts_.end(),
                                 [&](const Attempt& a) { return a.time < forget_before; }),
                  attempts_.end());
  attempts_.push_back({kind, email, address, time});
  return absl::OkStatus();
}

absl::StatusOr<AttemptCount> InMemoryStorage::CountAttempts(AttemptKind kind,
                                                            const AttemptScope& scope,
                                                            absl::Time since) {
  absl::MutexLock lock(&mutex_);
  AttemptCount count;
  for (const Attempt& attempt : attempts_) {
    if (attempt.kind != kind || attempt.time < since ||
        (!scope.email.empty() && attempt.email != scope.email) ||
        (!scope.address.empty() && attempt.address != scope.address)) {
      continue;
    }
    count.oldest = count.count == 0 ? attempt.time : std::min(count.oldest, attempt.time);
    ++count.count;
  }
  return count;
}

absl::Status InMemoryStorage::ClearAttempts(AttemptKind kind, const std::string& email) {
  absl::MutexLock lock(&mutex_);
  attempts_.erase(
      std::remove_if(attempts_.begin(), attempts_.end(),
                     [&](const Attempt& a) { return a.kind == kind && a.email == email; }),
      attempts_.end());
  return absl::OkStatus();
}

}  // namespace opinus::server
