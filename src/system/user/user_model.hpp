// The user resource's shapes: the row on the wire (never with the password hash), the add form,
// and the list filters.
#pragma once

#include "core/datetime.hpp"

#include <boost/describe/class.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ruoyi::system::user {

// sys_user without `password`: this struct is what leaves the server, so the hash cannot.
struct User {
  std::int64_t userId = 0;
  std::optional<std::int64_t> deptId;
  std::string userName;
  std::string nickName;
  std::optional<std::string> userType;
  std::optional<std::string> email;
  std::optional<std::string> phonenumber;
  std::optional<std::string> sex;
  std::optional<std::string> avatar;
  std::optional<std::string> status;
  std::optional<std::string> delFlag;
  std::optional<std::string> loginIp;
  std::optional<core::DateTime> loginDate;
  std::optional<core::DateTime> pwdUpdateDate;
  std::optional<std::string> createBy;
  std::optional<core::DateTime> createTime;
  std::optional<std::string> updateBy;
  std::optional<core::DateTime> updateTime;
  std::optional<std::string> remark;
};
BOOST_DESCRIBE_STRUCT(User, (), (userId, deptId, userName, nickName, userType, email, phonenumber, sex, avatar,
                                 status, delFlag, loginIp, loginDate, pwdUpdateDate, createBy, createTime, updateBy,
                                 updateTime, remark))

// POST / PUT /system/user body. Absent keys stay std::nullopt (add: column defaults; edit: the
// column is left as it is). `userId` only for edit; `password` only for add.
struct UserCreate {
  std::optional<std::int64_t> userId;
  std::optional<std::int64_t> deptId;
  std::optional<std::string> userName;
  std::optional<std::string> nickName;
  std::optional<std::string> password;
  std::optional<std::string> phonenumber;
  std::optional<std::string> email;
  std::optional<std::string> sex;
  std::optional<std::string> status;
  std::optional<std::string> remark;
  std::optional<std::vector<std::int64_t>> postIds;
  std::optional<std::vector<std::int64_t>> roleIds;
};
BOOST_DESCRIBE_STRUCT(UserCreate, (), (userId, deptId, userName, nickName, password, phonenumber, email, sex, status, remark,
                                       postIds, roleIds))

// PUT /system/user/profile: the only keys a user may change on themself.
struct ProfileUpdate {
  std::optional<std::string> nickName;
  std::optional<std::string> email;
  std::optional<std::string> phonenumber;
  std::optional<std::string> sex;
};
BOOST_DESCRIBE_STRUCT(ProfileUpdate, (), (nickName, email, phonenumber, sex))

// PUT /system/user/resetPwd {userId, password} and /changeStatus {userId, status}.
struct IdAndValue {
  std::optional<std::int64_t> userId;
  std::optional<std::string> password;
  std::optional<std::string> status;
};
BOOST_DESCRIBE_STRUCT(IdAndValue, (), (userId, password, status))

// PUT /system/user/profile/updatePwd (JSON body; the query string is read too).
struct PasswordChange {
  std::optional<std::string> oldPassword;
  std::optional<std::string> newPassword;
};
BOOST_DESCRIBE_STRUCT(PasswordChange, (), (oldPassword, newPassword))

// GET /system/user/list filters (empty value = absent).
struct UserQuery {
  std::optional<std::int64_t> userId;
  std::optional<std::int64_t> deptId;
  std::optional<std::string> userName;
  std::optional<std::string> nickName;
  std::optional<std::string> email;
  std::optional<std::string> phonenumber;
  std::optional<std::string> status;
  std::optional<std::string> sex;
  std::optional<core::DateTime> beginTime;  // inclusive whole days on create_time
  std::optional<core::DateTime> endTime;
};

} // namespace ruoyi::system::user
