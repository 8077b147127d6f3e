-- wrk load for webhook receivers: every request a distinct Svix delivery (fresh svix-id, current timestamp), signed
-- when sent with HMAC-SHA256 over "id.timestamp.body" by OpenSSL's libcrypto through LuaJIT's FFI (a few us, the same
-- for every receiver), the body taken in turn from a file of realistic Clerk events (one JSON document per line).
--   wrk -s bench/wrk/svix-sign.lua URL -- <signing key, hex> <bodies file> <run id>
local ffi = require("ffi")
ffi.cdef [[
typedef struct evp_md_st EVP_MD;
const EVP_MD *EVP_sha256(void);
unsigned char *HMAC(const EVP_MD *md, const void *key, int key_len, const char *d, size_t n, unsigned char *out,
                    unsigned int *out_len);
int EVP_EncodeBlock(unsigned char *t, const unsigned char *f, int n);
]]
local loaded, crypto = pcall(ffi.load, "crypto")
if not loaded then crypto = ffi.load("libcrypto.so.3") end

local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

local key, bodies, run, n, mac, mac_len, b64, sha256

function init(args)
  key = (args[1]:gsub("..", function(h) return string.char(tonumber(h, 16)) end))
  bodies = {}
  for line in io.lines(args[2]) do bodies[#bodies + 1] = line end
  run = args[3]
  n = 0
  mac = ffi.new("unsigned char[32]")
  mac_len = ffi.new("unsigned int[1]")
  b64 = ffi.new("unsigned char[64]")
  sha256 = crypto.EVP_sha256()
end

function request()
  n = n + 1
  local body = bodies[(n + tid * 7919) % #bodies + 1]
  local id = "msg_" .. run .. "_" .. tid .. "_" .. n
  local timestamp = tostring(os.time())
  local signed = id .. "." .. timestamp .. "." .. body
  crypto.HMAC(sha256, key, #key, signed, #signed, mac, mac_len)
  local signature = "v1," .. ffi.string(b64, crypto.EVP_EncodeBlock(b64, mac, 32))
  return wrk.format("POST", wrk.path, { ["Content-Type"] = "application/json", ["svix-id"] = id,
    ["svix-timestamp"] = timestamp, ["svix-signature"] = signature }, body)
end

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "summary.lua")
