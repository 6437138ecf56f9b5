#include <exception>
#include <iostream>

#include "commands.hpp"

int main(int argc, char** argv) {
  try {
    return msfit::cli::run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "msfit: internal error: " << e.what() << '\n';
  } catch (...) {
    std::cerr << "msfit: internal error\n";
  }
  return msfit::cli::kExitInternal;
}
