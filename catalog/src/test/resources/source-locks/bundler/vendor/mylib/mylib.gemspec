Gem::Specification.new do |s|
  s.name = "mylib"
  s.version = "0.3.1"
  s.summary = "local"
  s.authors = ["x"]
  s.files = []
  s.add_dependency "csv", ">= 3.0"
end
