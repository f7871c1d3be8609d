#include "files/xml_sax.hpp"

#include "files/sheet.hpp"

#include <expat.h>

#include <exception>
#include <limits>
#include <memory>
#include <string>

namespace ruoyi::files {

namespace {

struct Context {
  XML_Parser parser;
  XmlHandler* handler;
  std::exception_ptr error;  // a C callback must not throw through expat: kept here, rethrown after
  bool doctype = false;
};

std::string_view local_name(const char* name) {
  std::string_view n(name);
  auto colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

template <class F>
void guarded(void* user, F&& f) {
  auto* ctx = static_cast<Context*>(user);
  if (ctx->error) return;
  try {
    f(*ctx->handler);
  } catch (...) {
    ctx->error = std::current_exception();
    XML_StopParser(ctx->parser, XML_FALSE);
  }
}

void on_start(void* user, const XML_Char* name, const XML_Char** attrs) {
  guarded(user, [&](XmlHandler& h) { h.start(local_name(name), attrs); });
}
void on_end(void* user, const XML_Char* name) {
  guarded(user, [&](XmlHandler& h) { h.end(local_name(name)); });
}
void on_text(void* user, const XML_Char* s, int len) {
  guarded(user, [&](XmlHandler& h) { h.text(std::string_view(s, static_cast<std::size_t>(len))); });
}
// No .xlsx part has a DTD; refusing them rules out entity expansion and external entities outright.
void on_doctype(void* user, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto* ctx = static_cast<Context*>(user);
  ctx->doctype = true;
  XML_StopParser(ctx->parser, XML_FALSE);
}

}  // namespace

const char* xml_attr(const char** attrs, std::string_view name) noexcept {
  for (; attrs != nullptr && *attrs != nullptr; attrs += 2) {
    if (name == attrs[0]) return attrs[1];
  }
  return nullptr;
}

void parse_xml(std::string_view xml, std::string_view part, XmlHandler& handler) {
  if (xml.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw XlsxError("xlsx: " + std::string(part) + " is too large");
  std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(XML_ParserCreate("UTF-8"), &XML_ParserFree);
  if (!parser) throw XlsxError("xlsx: cannot create an XML parser");
  Context ctx{parser.get(), &handler, nullptr};
  XML_SetUserData(parser.get(), &ctx);
  XML_SetElementHandler(parser.get(), on_start, on_end);
  XML_SetCharacterDataHandler(parser.get(), on_text);
  XML_SetStartDoctypeDeclHandler(parser.get(), on_doctype);
  XML_Status status = XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE);
  if (ctx.error) std::rethrow_exception(ctx.error);
  if (ctx.doctype) throw XlsxError("xlsx: " + std::string(part) + " contains a DOCTYPE, which is not allowed");
  if (status != XML_STATUS_OK) {
    throw XlsxError("xlsx: malformed XML in " + std::string(part) + " at line " +
                    std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": " +
                    XML_ErrorString(XML_GetErrorCode(parser.get())));
  }
}

}  // namespace ruoyi::files
