# Orders each A<TAB>B line of the file in ARGV[0] with RubyGems' Gem::Version.
File.foreach(ARGV[0], encoding: "UTF-8") do |line|
  a, b = line.chomp("\n").split("\t", -1)
  if Gem::Version.correct?(a) && Gem::Version.correct?(b)
    c = Gem::Version.new(a) <=> Gem::Version.new(b)
    puts(c.negative? ? "<" : c.positive? ? ">" : "=")
  else
    puts "invalid"
  end
end
