// cache::Version: what a request read of cache::SharedVersion, carried with the caller
// (auth::LoginUser) to every in-process copy it consults (cache::LocalCache).
#pragma once

#include <cstdint>

namespace ruoyi::cache {

struct Version {
  std::uint64_t shared = 0;  // the shared counter (0 = not read: in-process copies are not used)
  std::uint64_t local = 0;   // this process's count of bumps that could not reach the store

  bool usable() const noexcept { return shared != 0; }
  bool operator==(const Version&) const = default;
};

}  // namespace ruoyi::cache
