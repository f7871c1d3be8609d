#include "system/dict/dict_controller.hpp"

#include "http/envelope.hpp"
#include "system/dict/dict_cache.hpp"

namespace ruoyi::system::dict {

namespace asio = boost::asio;

namespace {

struct DictReads {
  DictCache& dicts;

  // GET /system/dict/data/type/{dictType}
  asio::awaitable<http::Response> data_by_type(web::Context& ctx) {
    auto type = std::string(ctx.request.params.get("dictType").value_or(""));
    auto rows = co_await dicts.dict_data(ctx.db, std::move(type));
    co_return http::ok_data(std::move(rows));
  }

  // GET /system/config/configKey/{configKey} — the value travels in `msg` (null when unknown).
  asio::awaitable<http::Response> config_by_key(web::Context& ctx) {
    auto key = std::string(ctx.request.params.get("configKey").value_or(""));
    auto value = co_await dicts.config_value(ctx.db, std::move(key));
    auto body = http::envelope(http::code::ok, "");
    if (value)
      body["msg"] = *value;
    else
      body["msg"] = nullptr;
    co_return http::json_response(body);
  }
};

}  // namespace

void register_dict_read_routes(web::Router& router, DictCache& dicts) {
  auto controller = std::make_shared<DictReads>(DictReads{dicts});
  router.add(http::Method::get, "/system/dict/data/type/{dictType}", web::route(controller, &DictReads::data_by_type),
             {"", false, "字典数据"});
  router.add(http::Method::get, "/system/config/configKey/{configKey}",
             web::route(controller, &DictReads::config_by_key), {"", false, "参数设置"});
}

}  // namespace ruoyi::system::dict
