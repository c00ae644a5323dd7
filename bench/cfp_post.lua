-- C2: wrk script of bench/cfp.sh: every request POSTs the form body in BENCH_BODY with the
-- cookie in BENCH_COOKIE (and a Referer in BENCH_REFERER, which Django's CSRF check wants).
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
local referer = os.getenv("BENCH_REFERER")
if referer and referer ~= "" then
  wrk.headers["Referer"] = referer
end
