-- Orders each A<TAB>B line of the file named by the macro %pairs with rpm's own EVR comparison (rpm.vercmp).
for line in io.lines(rpm.expand("%{pairs}")) do
    local a, b = line:match("^(.-)\t(.*)$")
    local ok, c = pcall(rpm.vercmp, a, b)
    if not ok then
        print("invalid\n")
    elseif c < 0 then
        print("<\n")
    elseif c > 0 then
        print(">\n")
    else
        print("=\n")
    end
end
