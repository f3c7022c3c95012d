"""Templates: rendering paths and commands, with values quoted for the shell that runs them."""
