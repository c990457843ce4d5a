// Micro benchmark of webhook translation (TranslateShoperWebhook): Shoper's
// 2.8 KB sample order, and the same order grown to 200 products.
#include <benchmark/benchmark.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>

#include "common/shoper/shoper_webhook.h"

namespace {

std::string ReadSample(const std::string& name) {
  std::ifstream in(std::string(OPINUS_TESTDATA_DIR) + "/" + name, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The sample order with `count` products, each a copy of its first with its
// own ids: a large order as a shop's bulk status change would send.
std::string OrderWithProducts(int count) {
  nlohmann::json order = nlohmann::json::parse(ReadSample("shoper-order-status-shipped.json"));
  const nlohmann::json first = order["products"][0];
  nlohmann::json products = nlohmann::json::array();
  for (int i = 0; i < count; ++i) {
    nlohmann::json product = first;
    product["id"] = std::to_string(10000 + i);
    product["product_id"] = std::to_string(500 + i);
    product["name"] = "Produkt numer " + std::to_string(i) + " z długą nazwą, zażółć gęślą jaźń";
    products.push_back(std::move(product));
  }
  order["products"] = std::move(products);
  return order.dump();
}

void TranslateBody(benchmark::State& state, const std::string& body) {
  for (auto _ : state) {
    auto event = opinus::shoper::TranslateShoperWebhook("order.status", body);
    if (!event.ok()) {
      state.SkipWithError(std::string(event.status().message()).c_str());
      break;
    }
    benchmark::DoNotOptimize(event);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
  state.counters["body_bytes"] = static_cast<double>(body.size());
}

// The baseline: parsing the whole body into a DOM with nlohmann::json, which
// translation avoids by keeping only the members it reads.
void ParseBody(benchmark::State& state, const std::string& body) {
  for (auto _ : state) {
    nlohmann::json document = nlohmann::json::parse(body);
    benchmark::DoNotOptimize(document);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
  state.counters["body_bytes"] = static_cast<double>(body.size());
}

void BM_ParseSample(benchmark::State& state) {
  static const std::string body = ReadSample("shoper-order-status-shipped.json");
  ParseBody(state, body);
}
BENCHMARK(BM_ParseSample);

void BM_Parse200Products(benchmark::State& state) {
  static const std::string body = OrderWithProducts(200);
  ParseBody(state, body);
}
BENCHMARK(BM_Parse200Products);

void BM_TranslateSample(benchmark::State& state) {
  static const std::string body = ReadSample("shoper-order-status-shipped.json");
  TranslateBody(state, body);
}
BENCHMARK(BM_TranslateSample);

void BM_Translate200Products(benchmark::State& state) {
  static const std::string body = OrderWithProducts(200);
  TranslateBody(state, body);
}
BENCHMARK(BM_Translate200Products);

}  // namespace

BENCHMARK_MAIN();
