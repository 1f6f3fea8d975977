pub fn util() -> u32 { helper::helper() + 1 }
