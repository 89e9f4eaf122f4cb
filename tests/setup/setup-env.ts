process.env.SEED = "none";
