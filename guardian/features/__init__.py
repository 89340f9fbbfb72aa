"""The features the service is built of; `registry.build_features` lists them."""
