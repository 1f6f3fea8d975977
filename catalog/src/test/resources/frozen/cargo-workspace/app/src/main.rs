fn main() { println!("{}", util::util() + helper::helper()); }
