process.env.SEED = "none";
process.env.RATE_LIMITS = "off";
