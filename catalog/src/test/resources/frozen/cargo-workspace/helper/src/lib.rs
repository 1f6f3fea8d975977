pub fn helper() -> u32 { 2 }
