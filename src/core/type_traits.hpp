// Small type traits shared by the JSON and row mappers.
#pragma once

#include <optional>
#include <type_traits>

namespace ruoyi::core {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

} // namespace ruoyi::core
