#include "tests/support/in_memory_claim_links.h"

#include "common/secrets.h"

namespace opinus::server {

void InMemoryClaimLinkStore::SetInstallation(const InstallationView& view) {
  absl::MutexLock lock(&mutex_);
  installations_[view.installation.licence] = view;
}

absl::StatusOr<std::optional<InstallationView>> InMemoryClaimLinkStore::FindInstallation(
    const std::string& licence) {
  absl::MutexLock lock(&mutex_);
  auto it = installations_.find(licence);
  if (it == installations_.end()) return std::nullopt;
  return it->second;
}

absl::Status InMemoryClaimLinkStore::SaveClaimLink(int64_t installation_id, ShopId shop_id,
                                                   const std::string& token_hash, absl::Time,
                                                   absl::Time expire_time) {
  absl::MutexLock lock(&mutex_);
  links_[installation_id] = Link{installation_id, shop_id, token_hash, expire_time, std::nullopt};
  return absl::OkStatus();
}

absl::StatusOr<std::pair<InMemoryClaimLinkStore::Link*, InstallationView*>>
InMemoryClaimLinkStore::Locate(const std::string& token_hash) {
  for (auto& [id, link] : links_) {
    if (!ConstantTimeEquals(link.token_hash, token_hash)) continue;
    for (auto& [licence, view] : installations_) {
      if (view.installation.id == id) return std::make_pair(&link, &view);
    }
  }
  return absl::NotFoundError("claim link: unknown");
}

ClaimLinkView InMemoryClaimLinkStore::ViewOf(const Link& link, const InstallationView& installation,
                                             absl::Time now) {
  ClaimLinkView view;
  view.state = ClaimLinkStateAt(link.use_time, installation.owner_id, link.expire_time, now);
  view.shop_id = link.shop_id;
  view.shop_name = installation.shop_name;
  view.shop_url = installation.installation.shop_url;
  view.expire_time = link.expire_time;
  return view;
}

absl::StatusOr<ClaimLinkView> InMemoryClaimLinkStore::FindClaimLink(const std::string& token_hash,
                                                                    absl::Time now) {
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<std::pair<Link*, InstallationView*>> found = Locate(token_hash);
  if (!found.ok()) return found.status();
  return ViewOf(*found->first, *found->second, now);
}

absl::StatusOr<ClaimLinkView> InMemoryClaimLinkStore::ClaimShop(const std::string& token_hash,
                                                                const Owner& owner,
                                                                absl::Time now) {
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<std::pair<Link*, InstallationView*>> found = Locate(token_hash);
  if (!found.ok()) return found.status();
  auto [link, installation] = *found;
  if (absl::Status refused = ClaimRefusal(ViewOf(*link, *installation, now).state); !refused.ok()) {
    return refused;
  }
  installation->owner_id = owner.id;
  link->use_time = now;
  return ViewOf(*link, *installation, now);
}

int InMemoryClaimLinkStore::LinkCount() {
  absl::MutexLock lock(&mutex_);
  return static_cast<int>(links_.size());
}

}  // namespace opinus::server
