// A thin event interface over expat for the .xlsx parts: element names without namespace prefix,
// DOCTYPE refused (no entity tricks), errors as XlsxError naming the part and line.
#pragma once

#include <string_view>

namespace ruoyi::files {

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // `attrs` is expat's null-terminated name/value array; names keep their prefix (r:id).
  virtual void start(std::string_view name, const char** attrs) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view chunk) = 0;  // may arrive in several chunks
};

// The value of attribute `name` or nullptr.
const char* xml_attr(const char** attrs, std::string_view name) noexcept;

// Parses `xml` completely; `part` names it in error messages ("xl/worksheets/sheet1.xml").
// Exceptions thrown by the handler stop the parse and propagate unchanged.
void parse_xml(std::string_view xml, std::string_view part, XmlHandler& handler);

}  // namespace ruoyi::files
